package dev.rigging.fips.verify;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code TlsProbes} connects to the probe's TLS server from the verifier's own JVM — a standard JDK
 * whose SunJSSE is willing to offer what a FIPS server must refuse — and records each handshake:
 * approved offers must complete, the rest must be refused. Offers a JSSE client will no longer make
 * (TLS 1.1, an X25519-only ECDHE offer with TLS 1.2 suites) are sent as raw ClientHellos, each next
 * to the same hello with approved parameters.
 */
final class TlsProbes {
  private TlsProbes() {}

  static List<Probe> run(int port, String rootPem) throws Exception {
    SSLContext sun = sunJsse(rootPem);
    return List.of(
        CryptoProbes.probe("TLS: non-approved suites only (TLS 1.3)", "handshake offering only TLS_CHACHA20_POLY1305_SHA256",
            () -> handshake(sun, port, "TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256"),
            "handshake offering TLS_AES_128_GCM_SHA256", () -> handshake(sun, port, "TLSv1.3", "TLS_AES_128_GCM_SHA256")),
        CryptoProbes.probe("TLS: non-approved suites only (TLS 1.2)",
            "handshake offering only TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 and TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            () -> handshake(sun, port, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            "handshake offering TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            () -> handshake(sun, port, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")),
        CryptoProbes.probe("TLS 1.1", "raw TLS 1.1 ClientHello (ECDHE, AES-GCM and AES-CBC suites, P-256)",
            () -> serverHello(port, ClientHello.TLS_1_1, ClientHello.SECP256R1),
            "the same ClientHello as TLS 1.2", () -> serverHello(port, ClientHello.TLS_1_2, ClientHello.SECP256R1)),
        CryptoProbes.probe("TLS: non-approved curve only", "raw TLS 1.2 ClientHello offering ECDHE on X25519 only",
            () -> serverHello(port, ClientHello.TLS_1_2, ClientHello.X25519),
            "the same ClientHello offering P-256", () -> serverHello(port, ClientHello.TLS_1_2, ClientHello.SECP256R1)));
  }

  /** Completes a handshake or throws; the negotiated parameters must be the ones offered. */
  private static void handshake(SSLContext context, int port, String protocol, String... suites) throws Exception {
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.setEnabledProtocols(new String[] {protocol});
      socket.setEnabledCipherSuites(suites);
      socket.startHandshake();
      String negotiated = socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite();
      if (!List.of(suites).contains(socket.getSession().getCipherSuite())) {
        throw new IllegalStateException("negotiated " + negotiated + ", which was not offered");
      }
    }
  }

  private static void serverHello(int port, int version, int group) throws Exception {
    String answer = ClientHello.send(port, version, ClientHello.ECDHE_SUITES, new int[] {group});
    if (!answer.equals("ServerHello")) {
      throw new IllegalStateException("server answered " + answer);
    }
  }

  private static SSLContext sunJsse(String rootPem) throws Exception {
    X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(rootPem.getBytes(StandardCharsets.US_ASCII)));
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("root", root);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}

package dev.rigging.ca.tls;

import dev.rigging.ca.crypto.ChainVerifier;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jboss.logging.Logger;

/**
 * {@code ClientCertificateTrustManager} accepts client certificates that chain to the CA's current
 * trusted roots (re-read on every handshake, so rotations apply at once). A client that presents a
 * certificate from elsewhere fails the handshake, as istiod's {@code VerifyClientCertIfGiven} does;
 * a client that presents none is let through to authenticate with a token.
 */
final class ClientCertificateTrustManager extends X509ExtendedTrustManager {
  private static final Logger LOG = Logger.getLogger(ClientCertificateTrustManager.class);

  private final Supplier<List<X509Certificate>> roots;

  ClientCertificateTrustManager(Supplier<List<X509Certificate>> roots) {
    this.roots = Objects.requireNonNull(roots, "roots");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    String peer = engine == null ? "unknown" : engine.getPeerHost() + ":" + engine.getPeerPort();
    check(chain, peer);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain, socket == null ? "unknown" : String.valueOf(socket.getRemoteSocketAddress()));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain, "unknown");
  }

  private void check(X509Certificate[] chain, String peer) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("empty client certificate chain");
    }
    try {
      ChainVerifier.verify(Arrays.asList(chain), roots.get(), Instant.now());
    } catch (GeneralSecurityException e) {
      LOG.warnf("caller=%s reason=CLIENT_CERTIFICATE_REFUSED detail=%s serial=%s: %s", peer,
          chain[0].getSubjectX500Principal(), chain[0].getSerialNumber().toString(16), e.getMessage());
      throw new CertificateException("client certificate does not chain to a trusted root", e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    throw new CertificateException("this trust manager only checks client certificates");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    throw new CertificateException("this trust manager only checks client certificates");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("this trust manager only checks client certificates");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return roots.get().toArray(X509Certificate[]::new);
  }
}

package dev.rigging.ca.tls;

import dev.rigging.ca.IssuedChain;
import dev.rigging.ca.crypto.Fips;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.Provider;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * {@code ServerTlsContexts} builds the server side of TLS for every port the CA's library serves —
 * gRPC on 15012, and the admission webhooks istiod-lite serves over HTTPS — the same way: BCJSSE
 * on the FIPS module through Netty's JDK engine path, TLS 1.3 and 1.2 with the AEAD suites of
 * {@link TlsGrpcServer#CIPHER_SUITES}, and a serving certificate read from a supplier at every
 * handshake, so a renewed certificate is used without restarting the server.
 */
public final class ServerTlsContexts {
  private ServerTlsContexts() {}

  /**
   * A server context.
   *
   * @param servingCertificate consulted at every handshake
   * @param alpn the application protocol to select, e.g. {@code h2} or {@code http/1.1}
   * @param clientRoots when not null, clients may (not must) present a certificate, which must then
   *     chain to these roots; null to request no client certificate
   */
  public static SslContext forServer(Supplier<IssuedChain> servingCertificate, String alpn,
      Supplier<List<X509Certificate>> clientRoots) throws SSLException {
    Objects.requireNonNull(servingCertificate, "servingCertificate");
    Objects.requireNonNull(alpn, "alpn");
    Fips.install();
    Provider jsse = Security.getProvider(Fips.JSSE_PROVIDER);
    SslContextBuilder ssl = SslContextBuilder.forServer(new RotatingKeyManager(servingCertificate))
        .sslProvider(SslProvider.JDK)
        .sslContextProvider(jsse)
        .protocols(TlsGrpcServer.PROTOCOLS)
        .ciphers(TlsGrpcServer.CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
    if (clientRoots != null) {
      ssl.clientAuth(ClientAuth.OPTIONAL).trustManager(new ClientCertificateTrustManager(clientRoots));
    } else {
      // No client certificate is requested, but an explicit trust manager (trusting nothing) keeps
      // the JDK from loading its default trust store, which a FIPS variant does not have.
      ssl.clientAuth(ClientAuth.NONE).trustManager(new ClientCertificateTrustManager(List::of));
    }
    return ssl.build();
  }
}

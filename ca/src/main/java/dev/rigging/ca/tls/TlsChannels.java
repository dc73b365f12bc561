package dev.rigging.ca.tls;

import dev.rigging.ca.crypto.Fips;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * {@code TlsChannels} opens gRPC client channels over TLS through BCJSSE (FIPS), with the same
 * protocols and suites as {@link TlsGrpcServer}, trusting only the given roots.
 */
public final class TlsChannels {
  private TlsChannels() {}

  /**
   * A channel to {@code target} (host:port) that verifies the server against {@code roots} and the
   * host name {@code authority} (e.g. {@code istiod.istio-system.svc} when dialling an IP).
   */
  public static ManagedChannel client(String target, List<X509Certificate> roots, String authority)
      throws SSLException {
    SslContext context = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
        .sslContextProvider(Security.getProvider(Fips.JSSE_PROVIDER))
        .trustManager(roots)
        .protocols(TlsGrpcServer.PROTOCOLS.toArray(String[]::new))
        .ciphers(TlsGrpcServer.CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
        .build();
    return NettyChannelBuilder.forTarget(target).overrideAuthority(authority).sslContext(context).build();
  }
}

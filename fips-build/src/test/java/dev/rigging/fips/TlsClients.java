package dev.rigging.fips;

import dev.rigging.ca.testing.GrpcClients;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/** {@code TlsClients} opens gRPC channels to a variant with the JDK's own TLS (SunJSSE) and a chosen offer. */
final class TlsClients {
  /** The TLS 1.3 suite that is not FIPS-approved (ChaCha20 is no approved cipher). */
  static final String CHACHA_TLS13 = "TLS_CHACHA20_POLY1305_SHA256";

  private TlsClients() {}

  /** A SunJSSE channel offering only {@code protocol} and {@code suites}. */
  static ManagedChannel sunJsse(int port, List<X509Certificate> roots, String protocol, String... suites) throws SSLException {
    var ssl = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
        .sslContextProvider(Security.getProvider("SunJSSE"))
        .trustManager(roots)
        .protocols(protocol)
        .ciphers(List.of(suites), IdentityCipherSuiteFilter.INSTANCE)
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
        .build();
    return NettyChannelBuilder.forAddress("127.0.0.1", port).overrideAuthority(GrpcClients.AUTHORITY).sslContext(ssl).build();
  }

  /** The messages of {@code e} and its causes, for asserting on why a call failed. */
  static String causes(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    return all.toString();
  }
}

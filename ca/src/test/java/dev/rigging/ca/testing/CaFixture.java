package dev.rigging.ca.testing;

import dev.rigging.ca.CaConfig;
import dev.rigging.ca.CertificateAuthority;
import dev.rigging.ca.auth.Authenticator;
import dev.rigging.ca.auth.ClientCertificateAuthenticator;
import dev.rigging.ca.auth.ClusterAuthenticators;
import dev.rigging.ca.auth.JwtAuthenticator;
import dev.rigging.ca.service.IstioCertificateServiceImpl;
import dev.rigging.ca.tls.ServingCertificate;
import dev.rigging.ca.tls.TlsGrpcServer;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code CaFixture} runs the CA as the standalone app wires it, on loopback ephemeral ports: a
 * file-mode {@link CertificateAuthority}, JWT (JWKS file) and client-certificate authentication,
 * the gRPC service on a {@link TlsGrpcServer} and on a plaintext server.
 */
public final class CaFixture implements AutoCloseable {
  public static final String LOCAL_CLUSTER = "Kubernetes";

  public final Tokens tokens = new Tokens("test-key", "https://kubernetes.default.svc.cluster.local");
  public final Tokens remoteTokens = new Tokens("remote-key", "https://remote.example");
  public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  public final CertificateAuthority ca;
  public final TlsGrpcServer tls;
  public final Server plaintext;

  public CaFixture(Path dir, UnaryOperator<CaConfig.Builder> config) throws Exception {
    ca = new CertificateAuthority(config.apply(CaConfig.builder(new CaConfig.Storage.Directory(dir.resolve("ca")))).build());
    Authenticator local = JwtAuthenticator.jwksFile(tokens.writeJwks(dir.resolve("jwks.json")), "istio-ca",
        Optional.empty(), ca.trustDomain());
    Authenticator remote = JwtAuthenticator.jwksFile(remoteTokens.writeJwks(dir.resolve("remote-jwks.json")), "istio-ca",
        Optional.empty(), ca.trustDomain());
    Authenticator authenticator = Authenticator.firstOf(List.of(
        new ClientCertificateAuthenticator(ca.trustDomain(), ca::trustedRoots),
        new ClusterAuthenticators(LOCAL_CLUSTER, local).put("remote-1", remote)));
    IstioCertificateServiceImpl service = new IstioCertificateServiceImpl(ca, authenticator, meters);
    tls = TlsGrpcServer.builder(new InetSocketAddress("127.0.0.1", 0),
            ServingCertificate.issuedBy(ca, List.of(GrpcClients.AUTHORITY), Duration.ofHours(1)))
        .clientCertificates(ca::trustedRoots).addService(service).name("test-tls").start();
    plaintext = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service).build().start();
  }

  public CaFixture(Path dir) throws Exception {
    this(dir, b -> b);
  }

  /** The value of a metric (a gauge, as the CA exports them), 0 when it does not exist (yet). */
  public double metric(String name, String... tags) {
    var search = meters.find(name);
    if (tags.length > 0) {
      search = search.tags(tags);
    }
    var gauge = search.gauge();
    return gauge == null ? 0 : gauge.value();
  }

  @Override
  public void close() {
    plaintext.shutdownNow();
    tls.close();
    ca.close();
  }
}

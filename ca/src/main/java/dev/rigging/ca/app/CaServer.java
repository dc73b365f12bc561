package dev.rigging.ca.app;

import dev.rigging.ca.CaRuntime;
import dev.rigging.ca.CaException;
import dev.rigging.ca.CertificateAuthority;
import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.FipsMetrics;
import dev.rigging.ca.crypto.FipsStartup;
import dev.rigging.ca.service.IstioCertificateServiceImpl;
import dev.rigging.ca.tls.ServingCertificate;
import dev.rigging.ca.tls.TlsGrpcServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * {@code CaServer} runs the standalone CA: the {@link CertificateAuthority}, CreateCertificate on
 * the TLS port (with a serving certificate the CA issues itself) and optionally on a plaintext
 * port, and — in Kubernetes mode — root publication to every namespace.
 */
@ApplicationScoped
public class CaServer {
  private static final Logger LOG = Logger.getLogger(CaServer.class);

  @Inject CaAppConfig config;
  @Inject MeterRegistry meterRegistry;
  @Inject Instance<KubernetesClient> kubernetesClient;

  private CertificateAuthority ca;
  private TlsGrpcServer tls;
  private Server plaintext;
  private CaRuntime runtime;
  private volatile boolean ready;

  void start(@Observes StartupEvent event) throws CaException, IOException {
    // In-process tests start the app without CaMain, so the providers may not be installed yet.
    Fips.Status fips = Fips.install();
    FipsMetrics.register(meterRegistry);
    LOG.info(FipsStartup.mode().map(FipsStartup.FipsMode::describe).orElseGet(() -> "fips module=\""
        + fips.moduleVersion() + "\" approvedOnly=" + fips.approvedOnly() + " selfTest=" + fips.selfTestMessage()
        + " selfCheck=not run (started without CaMain)"));
    boolean kubernetes = kubernetesMode();
    runtime = CaRuntime.start(settings(kubernetes), kubernetesClient::get, meterRegistry);
    ca = runtime.ca();
    IstioCertificateServiceImpl service = runtime.service();
    tls = TlsGrpcServer.builder(new InetSocketAddress(config.host(), config.port()),
            ServingCertificate.issuedBy(ca, config.serving().dnsNames(), config.serving().ttl()))
        .clientCertificates(ca::trustedRoots).addService(service).name("ca-tls").start();
    if (config.plaintextPort().isPresent()) {
      plaintext = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.plaintextPort().getAsInt()))
          .addService(service).build().start();
      LOG.warnf("server=ca-plaintext listening on %s:%d: bearer tokens cross this port unencrypted", config.host(),
          plaintext.getPort());
    }
    ready = true;
  }

  private CaRuntime.Settings settings(boolean kubernetes) {
    return new CaRuntime.Settings(config.trustDomain(), kubernetes, config.dir(), config.namespace(),
        config.cacertsDir(), config.cacertsReloadInterval(), config.defaultTtl(), config.maxTtl(),
        config.root().keyAlgorithm(), config.root().validity(), config.root().rotationThreshold(),
        config.root().checkInterval(), config.clusterId(), jwt(config.jwt().jwksFile(), config.jwt().issuer(),
            config.jwt().audience()),
        config.jwt().remoteClusters().entrySet().stream().collect(java.util.stream.Collectors.toMap(
            java.util.Map.Entry::getKey, e -> jwt(e.getValue().jwksFile(), e.getValue().issuer(), e.getValue().audience()))),
        config.publishRootConfigMaps());
  }

  private static CaRuntime.Jwt jwt(java.util.Optional<java.nio.file.Path> jwks, java.util.Optional<String> issuer,
      String audience) {
    return new CaRuntime.Jwt(jwks, issuer, audience);
  }

  private boolean kubernetesMode() {
    String mode = config.mode().toLowerCase(Locale.ROOT);
    return switch (mode) {
      case "kubernetes" -> true;
      case "file" -> false;
      case "auto" -> config.dir().isEmpty();
      default -> throw new IllegalArgumentException("rigging.ca.mode=" + config.mode() + ": use file, kubernetes or auto");
    };
  }

  void stop(@Observes ShutdownEvent event) {
    ready = false;

    if (plaintext != null) {
      plaintext.shutdownNow();
    }
    if (tls != null) {
      tls.close();
    }
    if (runtime != null) {
      runtime.close();
    }
  }

  /** True once every server listens. */
  public boolean ready() {
    return ready;
  }

  /** The bound TLS port. */
  public int tlsPort() {
    return tls.port();
  }

  /** The bound plaintext port, or -1. */
  public int plaintextPort() {
    return plaintext == null ? -1 : plaintext.getPort();
  }

  public CertificateAuthority ca() {
    return ca;
  }
}

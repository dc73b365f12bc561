package dev.rigging.ca.app;

import dev.rigging.ca.CaConfig;
import dev.rigging.ca.CaException;
import dev.rigging.ca.CertificateAuthority;
import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.KeyAlgorithm;
import dev.rigging.ca.keys.RootCertPublisher;
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
  private RootCertPublisher publisher;
  private volatile boolean ready;

  void start(@Observes StartupEvent event) throws CaException, IOException {
    Fips.Status fips = Fips.install();
    LOG.infof("fips module=\"%s\" approvedOnly=%s selfTest=%s", fips.moduleVersion(), fips.approvedOnly(),
        fips.selfTestMessage());
    boolean kubernetes = kubernetesMode();
    CaConfig.Storage storage = kubernetes
        ? new CaConfig.Storage.KubernetesSecret(kubernetesClient.get(), config.namespace())
        : new CaConfig.Storage.Directory(config.dir().orElseThrow(
            () -> new IllegalArgumentException("rigging.ca.dir must be set in file mode")));
    ca = new CertificateAuthority(CaConfig.builder(storage)
        .trustDomain(config.trustDomain())
        .defaultTtl(config.defaultTtl())
        .maxTtl(config.maxTtl())
        .pluggedCertsDir(config.cacertsDir().orElse(null))
        .pluggedReloadInterval(config.cacertsReloadInterval())
        .rootKeyAlgorithm(KeyAlgorithm.parse(config.root().keyAlgorithm()))
        .rootValidity(config.root().validity())
        .rootRotationThreshold(config.root().rotationThreshold())
        .rootCheckInterval(config.root().checkInterval())
        .build());
    IstioCertificateServiceImpl service = new IstioCertificateServiceImpl(ca,
        AuthenticatorFactory.create(config, ca, kubernetes, kubernetesClient::get), meterRegistry);
    tls = TlsGrpcServer.builder(new InetSocketAddress(config.host(), config.port()),
            ServingCertificate.issuedBy(ca, config.serving().dnsNames(), config.serving().ttl()))
        .clientCertificates(ca::trustedRoots).addService(service).name("ca-tls").start();
    if (config.plaintextPort().isPresent()) {
      plaintext = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.plaintextPort().getAsInt()))
          .addService(service).build().start();
      LOG.warnf("server=ca-plaintext listening on %s:%d: bearer tokens cross this port unencrypted", config.host(),
          plaintext.getPort());
    }
    if (kubernetes && config.publishRootConfigMaps()) {
      publisher = new RootCertPublisher(kubernetesClient.get(), ca::trustedRoots);
      ca.addListener(publisher);
      publisher.start();
    }
    ready = true;
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
    if (publisher != null) {
      publisher.close();
    }
    if (plaintext != null) {
      plaintext.shutdownNow();
    }
    if (tls != null) {
      tls.close();
    }
    if (ca != null) {
      ca.close();
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

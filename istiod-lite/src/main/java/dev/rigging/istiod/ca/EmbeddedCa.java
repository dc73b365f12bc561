package dev.rigging.istiod.ca;

import dev.rigging.ca.CaException;
import dev.rigging.ca.CaRuntime;
import dev.rigging.ca.tls.ServingCertificate;
import dev.rigging.ca.tls.TlsGrpcServer;
import dev.rigging.istiod.app.IstiodNames;
import dev.rigging.istiod.app.RiggingConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.BindableService;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * {@code EmbeddedCa} is the CA inside istiod-lite, where Istio's clients expect it: the
 * {@link CaRuntime}, and the TLS port (15012) that serves xDS and CreateCertificate with a serving
 * certificate this CA issues to istiod ({@code istiod.NAMESPACE.svc}, per-revision names), renewed
 * without a restart.
 */
public final class EmbeddedCa implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddedCa.class);

  private final CaRuntime runtime;
  private final ServingCertificate serving;
  private final TlsGrpcServer tls;

  private EmbeddedCa(CaRuntime runtime, ServingCertificate serving, TlsGrpcServer tls) {
    this.runtime = runtime;
    this.serving = serving;
    this.tls = tls;
  }

  /** Starts the CA and the TLS port with {@code xds} and the CA service on it. */
  public static EmbeddedCa start(RiggingConfig config, boolean kubernetes, Supplier<KubernetesClient> client,
      MeterRegistry registry, BindableService xds) throws CaException, IOException {
    RiggingConfig.Ca c = config.ca();
    Path dir = c.dir().orElse(Path.of(System.getProperty("user.home"), ".rigging", "ca"));
    CaRuntime.Settings settings = new CaRuntime.Settings(config.mesh().trustDomain(), kubernetes,
        kubernetes ? java.util.Optional.empty() : java.util.Optional.of(dir), c.namespace(), c.cacertsDir(),
        c.cacertsReloadInterval(), c.defaultTtl(), c.maxTtl(), c.rootKeyAlgorithm(), c.rootValidity(),
        c.rootRotationThreshold(), c.rootCheckInterval(), c.clusterId(),
        new CaRuntime.Jwt(c.jwt().jwksFile(), c.jwt().issuer(), c.jwt().audience()),
        c.jwt().remoteClusters().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
            e -> new CaRuntime.Jwt(e.getValue().jwksFile(), e.getValue().issuer(), e.getValue().audience()))),
        c.publishRootConfigMaps());
    CaRuntime runtime = CaRuntime.start(settings, client, registry);
    try {
      List<String> names = dnsNames(config);
      ServingCertificate serving = ServingCertificate.issuedBy(runtime.ca(), names, c.servingTtl());
      TlsGrpcServer tls = TlsGrpcServer.builder(new InetSocketAddress("0.0.0.0", c.tlsPort()), serving)
          .clientCertificates(runtime.ca()::trustedRoots)
          .addService(xds)
          .addService(runtime.service())
          .maxInboundMessageSize(16 * 1024 * 1024)
          .name("xds-tls")
          .start();
      LOG.infof("ca ready: trust domain %s, %s; xDS and CA over TLS on port %d for %s", config.mesh().trustDomain(),
          kubernetes ? "root in Secret " + c.namespace() + "/istio-ca-secret" : "root in " + dir, tls.port(), names);
      return new EmbeddedCa(runtime, serving, tls);
    } catch (IOException | RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  /** The names istiod answers to, as Istio's serving certificate carries them. */
  static List<String> dnsNames(RiggingConfig config) {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    names.add(new IstiodNames(IstiodNames.DEFAULT_REVISION, config.ca().namespace()).host());
    names.add(new IstiodNames(config.revision(), config.ca().namespace()).host());
    config.ca().extraDnsNames().ifPresent(names::addAll);
    return new ArrayList<>(names);
  }

  public CaRuntime runtime() {
    return runtime;
  }

  /**
   * istiod's serving certificate ({@code istiod[-REV].NAMESPACE.svc}), renewed at half-life and when
   * the issuer changes: the xDS/CA port and the webhook port both serve it, as istiod does.
   */
  public ServingCertificate servingCertificate() {
    return serving;
  }

  /** The bound TLS port. */
  public int tlsPort() {
    return tls.port();
  }

  @Override
  public void close() {
    tls.close();
    runtime.close();
  }
}

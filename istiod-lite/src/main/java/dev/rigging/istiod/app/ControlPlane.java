package dev.rigging.istiod.app;

import dev.rigging.ca.CaException;
import dev.rigging.ca.crypto.FipsMetrics;
import dev.rigging.ca.crypto.FipsStartup;
import dev.rigging.ca.auth.AuthResult;
import dev.rigging.ca.auth.Authenticator;
import dev.rigging.ca.service.CallerContextInterceptor;
import dev.rigging.istiod.ca.EmbeddedCa;
import dev.rigging.istiod.config.ConfigMetrics;
import dev.rigging.istiod.config.ConfigSource;
import dev.rigging.istiod.config.ConfigStore;
import dev.rigging.istiod.config.file.FileConfigSource;
import dev.rigging.istiod.config.kube.KubernetesConfigSource;
import dev.rigging.istiod.model.ExtensionProvider;
import dev.rigging.istiod.model.MeshSettings;
import dev.rigging.istiod.model.PathNormalization;
import dev.rigging.istiod.registry.HostResolver;
import dev.rigging.istiod.registry.RegistryBuilder;
import dev.rigging.istiod.security.JwtProviders;
import dev.rigging.istiod.security.jwks.JwksResolver;
import dev.rigging.mesh.api.security.RequestAuthentication;
import dev.rigging.istiod.webhook.Webhooks;
import dev.rigging.istiod.xds.ClusterGenerator;
import dev.rigging.istiod.xds.EndpointGenerator;
import dev.rigging.istiod.xds.ListenerGenerator;
import dev.rigging.istiod.xds.RouteGenerator;
import dev.rigging.istiod.xds.SecretGenerator;
import dev.rigging.istiod.xds.XdsServer;
import dev.rigging.mesh.config.Kind;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ServerInterceptors;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * {@code ControlPlane} wires istiod-lite together: config source → store → push queue → xDS.
 *
 * <p>Construction only builds objects: the gRPC server may ask for the ADS service from an event
 * loop thread. Starting the config source (which may block on the API server) happens on the main
 * thread when the application has started.
 */
@ApplicationScoped
public class ControlPlane {
  private static final Logger LOG = Logger.getLogger(ControlPlane.class);

  @Inject RiggingConfig config;
  @Inject MeterRegistry meterRegistry;
  @Inject Tracer tracer;
  @Inject Instance<KubernetesClient> kubernetesClient;

  private ConfigStore store;
  private ConfigSource source;
  private HostResolver resolver;
  private XdsServer xds;
  private MeshSettings mesh;
  private JwksResolver jwks;
  private volatile EmbeddedCa ca;
  private volatile Webhooks webhooks;
  private boolean kubernetes;

  @PostConstruct
  void init() {
    mesh = new MeshSettings(config.mesh().rootNamespace(), config.mesh().domainSuffix(), config.mesh().trustDomain(),
        !"REGISTRY_ONLY".equals(config.mesh().outboundTrafficPolicy().toUpperCase(Locale.ROOT)),
        config.mesh().connectTimeout().toMillis(), config.mesh().enableAutoMtls(),
        config.gateway().scopeToNamespace())
        .withPathNormalization(PathNormalization.parse(config.mesh().pathNormalization()))
        .withExtensionProviders(extensionProviders(config.mesh()));
    store = new ConfigStore();
    ConfigMetrics configMetrics = new ConfigMetrics(meterRegistry);
    source = createSource(configMetrics);
    resolver = new HostResolver(config.dns().refresh());
    RiggingConfig.Jwt jwt = config.jwt();
    jwks = new JwksResolver(new JwksResolver.Settings(jwt.allowPrivateJwks(), jwt.jwksMaxBytes(), jwt.jwksTimeout(),
        jwt.jwksRefresh(), jwt.jwksRefreshOnFailure(), jwt.jwksEviction(), jwt.jwksCacheSize()),
        () -> xds.jwksChanged());
    xds = new XdsServer(store, source::synced, new RegistryBuilder(resolver::resolve), mesh, meterRegistry, tracer,
        List.of(new ClusterGenerator(), new EndpointGenerator(), new ListenerGenerator(), new RouteGenerator(),
            new SecretGenerator()),
        config.push().debounceQuiet(), config.push().debounceMax(),
        snapshot -> jwks.resolve(JwtProviders.sources(snapshot.of(Kind.REQUEST_AUTHENTICATION,
            RequestAuthentication.class))));
    resolver.onChange(() -> xds.dnsChanged());
    xds.metrics().gauge("pilot_services", "Total services known to pilot.",
        () -> xds.current() == null ? 0 : xds.current().registry().services().size());
    xds.metrics().gauge("pilot_virt_services", "Total virtual services known to pilot.",
        () -> store.snapshot().configs().keySet().stream().filter(k -> k.kind() == Kind.VIRTUAL_SERVICE).count());
  }

  void start(@Observes StartupEvent ev) throws CaException, IOException, InterruptedException {
    FipsMetrics.register(meterRegistry);
    LOG.info(FipsStartup.mode().map(FipsStartup.FipsMode::describe)
        .orElse("fips selfCheck=not run (started without IstiodMain)"));
    // On 15012 the ADS streams carry the caller's credentials (client certificate, bearer token) in
    // their gRPC context, so they can be authenticated as the CA authenticates its callers.
    ca = EmbeddedCa.start(config, kubernetes, kubernetesClient::get, meterRegistry,
        () -> ServerInterceptors.intercept(xds.adsService(), new CallerContextInterceptor()));
    Authenticator authenticator = ca.runtime().authenticator();
    xds.authenticateStreamsWith(() -> {
      CallerContextInterceptor.Caller caller = CallerContextInterceptor.current();
      AuthResult result = authenticator.authenticate(caller.headers(), caller.peerCertificates());
      if (result instanceof AuthResult.Rejected r) {
        LOG.debugf("xds stream from %s not authenticated: %s", caller.address(), r.reason());
      }
      return result instanceof AuthResult.Authenticated a ? a.identity().spiffeId() : null;
    });
    webhooks = Webhooks.start(config, kubernetes, kubernetesClient::get, ca, meterRegistry);
    xds.start();
    LOG.infof("istiod-lite starting: config source=%s", source.describe());
    source.start(store);
    xds.sourceSynced();
  }

  /** MeshConfig's extension providers from {@code rigging.mesh.extension-providers}, sorted by name. */
  static List<ExtensionProvider> extensionProviders(RiggingConfig.Mesh mesh) {
    List<ExtensionProvider> out = new ArrayList<>();
    new java.util.TreeMap<>(mesh.extensionProviders()).forEach((name, p) -> {
      ExtensionProvider.Kind kind = switch (p.type().toLowerCase(Locale.ROOT)) {
        case "envoy-ext-authz-grpc", "envoyextauthzgrpc" -> ExtensionProvider.Kind.ENVOY_EXT_AUTHZ_GRPC;
        case "envoy-ext-authz-http", "envoyextauthzhttp" -> ExtensionProvider.Kind.ENVOY_EXT_AUTHZ_HTTP;
        default -> throw new IllegalArgumentException("rigging.mesh.extension-providers.\"" + name + "\".type="
            + p.type() + " is not supported; use envoy-ext-authz-grpc or envoy-ext-authz-http");
      };
      out.add(new ExtensionProvider(name, kind, p.service(), p.port(), p.timeout().orElse(null), p.failOpen(),
          p.statusOnError().orElse(null), p.pathPrefix().orElse(""), p.includeRequestHeadersInCheck().orElse(List.of()),
          p.headersToUpstreamOnAllow().orElse(List.of()), p.headersToDownstreamOnDeny().orElse(List.of())));
    });
    return out;
  }

  private ConfigSource createSource(ConfigMetrics configMetrics) {
    String mode = config.config().mode().toLowerCase(Locale.ROOT);
    boolean file = switch (mode) {
      case "file" -> true;
      case "kubernetes" -> false;
      case "auto" -> config.config().dir().isPresent();
      default -> throw new IllegalArgumentException(
          "rigging.config.mode=" + mode + " is not valid; use file, kubernetes or auto");
    };
    kubernetes = !file;
    if (file) {
      var dir = config.config().dir().orElseThrow(() -> new IllegalArgumentException(
          "rigging.config.mode=file needs rigging.config.dir (env RIGGING_CONFIG_DIR)"));
      return new FileConfigSource(dir, config.config().defaultNamespace(), configMetrics, config.config().rescan());
    }
    return new KubernetesConfigSource(kubernetesClient.get(), configMetrics, config.mesh().domainSuffix());
  }

  void stop(@Observes ShutdownEvent ev) {
    if (webhooks != null) {
      webhooks.close();
    }
    if (ca != null) {
      ca.close();
    }
    if (source != null) {
      source.close();
    }
    if (xds != null) {
      xds.close();
    }
    if (resolver != null) {
      resolver.close();
    }
    if (jwks != null) {
      jwks.close();
    }
  }

  public ConfigStore store() {
    return store;
  }

  public ConfigSource source() {
    return source;
  }

  public XdsServer xds() {
    return xds;
  }

  public MeshSettings mesh() {
    return mesh;
  }

  /** The embedded CA, or null until it has started. */
  public EmbeddedCa ca() {
    return ca;
  }

  /** The admission webhooks, or null until they have started. */
  public Webhooks webhooks() {
    return webhooks;
  }

  /** Ready: the CA serves, the source has synced and the first push is done. */
  public boolean ready() {
    return ca != null && source != null && source.synced() && xds.pushes() > 0;
  }
}

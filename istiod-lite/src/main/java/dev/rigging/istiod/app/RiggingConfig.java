package dev.rigging.istiod.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code RiggingConfig} is istiod-lite's configuration ({@code rigging.*} properties, or the
 * matching environment variables such as {@code RIGGING_CONFIG_DIR}).
 */
@ConfigMapping(prefix = "rigging")
public interface RiggingConfig {

  /** Where Istio config comes from. */
  Source config();

  /** Mesh-wide settings (Istio's MeshConfig subset). */
  Mesh mesh();

  /** Push debouncing. */
  Push push();

  /** DNS resolution of DNS ServiceEntries for proxyless clients. */
  Dns dns();

  /** The xDS port (plaintext gRPC ADS); the gRPC server listens here. */
  Port xds();

  /** The embedded certificate authority (Istio's CA on the xDS ports). */
  Ca ca();

  /** How the control plane fetches the key sets RequestAuthentications name in {@code jwksUri}. */
  Jwt jwt();

  /** FIPS settings. */
  Fips fips();

  /**
   * FIPS ({@code rigging.fips.*}). {@code FipsStartup} reads these as system properties before
   * Quarkus starts; they are declared here so that configuration validation accepts them.
   */
  interface Fips {
    /** Refuse to start unless the FIPS self-check passes; the FIPS variants' launchers set it. */
    @WithDefault("false")
    boolean required();
  }

  /**
   * This control plane's revision ({@code istio.io/rev}); {@code default} for the unrevisioned one.
   * It names the serving certificate ({@code istiod-REVISION.NAMESPACE.svc}).
   */
  @WithDefault("default")
  String revision();

  /** The monitoring port: {@code /metrics}, {@code /debug/*}, {@code /q/health/*}, {@code /ready}. */
  Port monitoring();

  /** The admission webhooks ({@code /inject}, {@code /validate}) over HTTPS. */
  Webhook webhook();

  /** What sidecar injection puts into pods. */
  Injection injection();

  /** Gateway translation. */
  Gateway gateway();

  /**
   * The admission webhook server (Istio's 15017; the Service maps 443 to it). Its certificate is
   * istiod's serving certificate from the embedded CA.
   */
  interface Webhook {
    @WithDefault("15017")
    int port();

    /** Largest request body accepted; larger ones get 413 (the API server sends at most 3 MiB objects). */
    @WithDefault("6291456")
    int maxRequestBytes();

    /** A connection that sends nothing for this long is closed. */
    @WithDefault("30s")
    Duration idleTimeout();

    /**
     * Kubernetes mode: keep the {@code caBundle} of this revision's webhook configurations equal to
     * the CA's trusted roots.
     */
    @WithDefault("true")
    boolean patchCaBundle();
  }

  /**
   * Sidecar injection. The injector ConfigMap {@code istio-sidecar-injector[-REV]} ({@code values})
   * and the mesh ConfigMap {@code istio[-REV]} ({@code mesh}) that rig renders, when present, take
   * precedence over these defaults, as they do for istiod.
   */
  interface Injection {
    /** The istio-proxy image (upstream {@code proxyv2}); {@code values.global.proxy.image} wins. */
    @WithDefault("docker.io/istio/proxyv2:1.28.1")
    String proxyImage();

    /** {@code imagePullPolicy} of injected containers; {@code values.global.imagePullPolicy} wins. */
    Optional<String> imagePullPolicy();

    /**
     * Inject istio-proxy as a native sidecar (an init container with {@code restartPolicy: Always}):
     * {@code auto} (when the API server is Kubernetes 1.29 or newer), {@code true} or {@code false}.
     * The pod annotation {@code sidecar.istio.io/nativeSidecar} wins.
     */
    @WithDefault("auto")
    String nativeSidecars();

    /** The image of Rigging's workload agent, which the {@code grpc-agent} template runs. */
    @WithDefault("ghcr.io/rigging-mesh/workload-agent:1.1.0")
    String grpcAgentImage();

    /** {@code CA_ADDR} of injected proxies; default {@code istiod[-REV].NAMESPACE.svc:15012}. */
    Optional<String> caAddress();
  }

  /** Gateway settings. */
  interface Gateway {
    /**
     * A gateway proxy only takes Gateways from its own namespace (Istio's
     * {@code PILOT_SCOPE_GATEWAY_TO_NAMESPACE}); false lets Gateways in any namespace select it.
     */
    @WithDefault("true")
    boolean scopeToNamespace();
  }

  /** A port. */
  interface Port {
    int port();
  }

  /**
   * The CA ({@code rigging.ca.*}, the same names as the standalone CA app). It serves
   * CreateCertificate and xDS over TLS on {@link #tlsPort()}, and CreateCertificate on the
   * plaintext xDS port only when {@link #plaintext()} is set.
   */
  interface Ca {
    /** File mode: where the self-signed root is kept (default {@code ~/.rigging/ca}). */
    Optional<Path> dir();

    /** Kubernetes mode: namespace of Secret {@code istio-ca-secret}, istiod's own namespace. */
    @WithDefault("istio-system")
    String namespace();

    /** A plugged CA directory ({@code ca-cert.pem}, {@code ca-key.pem}, {@code root-cert.pem}, {@code cert-chain.pem}). */
    Optional<Path> cacertsDir();

    @WithDefault("5s")
    Duration cacertsReloadInterval();

    @WithDefault("24h")
    Duration defaultTtl();

    @WithDefault("90d")
    Duration maxTtl();

    @WithDefault("ec-p256")
    String rootKeyAlgorithm();

    @WithDefault("3650d")
    Duration rootValidity();

    @WithDefault("0.2")
    double rootRotationThreshold();

    @WithDefault("1h")
    Duration rootCheckInterval();

    /** This cluster's id; tokens naming another {@code clusterid} need a {@code remote-clusters} entry. */
    @WithDefault("Kubernetes")
    String clusterId();

    /** How bearer tokens are verified outside Kubernetes mode. */
    Jwt jwt();

    /** xDS and CreateCertificate over TLS (Istio's 15012). */
    @WithDefault("15012")
    int tlsPort();

    /** Also serve CreateCertificate on the plaintext xDS port (tokens then cross the network unencrypted). */
    @WithDefault("false")
    boolean plaintext();

    /** DNS names added to istiod's serving certificate, besides {@code istiod[-REV].NAMESPACE.svc}. */
    Optional<java.util.List<String>> extraDnsNames();

    /** Lifetime of istiod's serving certificate (re-issued before it expires). */
    @WithDefault("24h")
    Duration servingTtl();

    /** Kubernetes mode: keep ConfigMap {@code istio-ca-root-cert} in every namespace. */
    @WithDefault("true")
    boolean publishRootConfigMaps();

    /** JWT verification (JWKS file or OIDC issuer). */
    interface Jwt {
      Optional<Path> jwksFile();

      Optional<String> issuer();

      @WithDefault("istio-ca")
      String audience();

      /** Per cluster id: how that cluster's tokens are verified. */
      java.util.Map<String, Remote> remoteClusters();
    }

    /** A remote cluster's token verification. */
    interface Remote {
      Optional<Path> jwksFile();

      Optional<String> issuer();

      @WithDefault("istio-ca")
      String audience();
    }
  }

  /** Config source settings. */
  interface Source {
    /** A directory of Istio YAML/JSON files (file mode). */
    Optional<Path> dir();

    /**
     * {@code file}, {@code kubernetes}, or {@code auto}: file when {@code rigging.config.dir} is set,
     * Kubernetes otherwise.
     */
    @WithDefault("auto")
    String mode();

    /** Namespace of file objects that name none. */
    @WithDefault("default")
    String defaultNamespace();

    /** Full rescan period of the config directory (a safety net; changes are normally seen at once). */
    @WithDefault("5s")
    Duration rescan();
  }

  /** Mesh settings. */
  interface Mesh {
    @WithDefault("istio-system")
    String rootNamespace();

    @WithDefault("cluster.local")
    String domainSuffix();

    @WithDefault("cluster.local")
    String trustDomain();

    /** {@code ALLOW_ANY} (Istio's default) or {@code REGISTRY_ONLY}. */
    @WithDefault("ALLOW_ANY")
    String outboundTrafficPolicy();

    /** Default upstream connect timeout. */
    @WithDefault("10s")
    Duration connectTimeout();

    /** Istio's {@code enableAutoMtls}: mutual TLS to in-mesh endpoints when no DestinationRule sets TLS. */
    @WithDefault("true")
    boolean enableAutoMtls();

    /**
     * Istio's {@code pathNormalization.normalization}: {@code NONE}, {@code BASE} (Istio's default),
     * {@code MERGE_SLASHES} or {@code DECODE_AND_MERGE_SLASHES}.
     */
    @WithDefault("BASE")
    String pathNormalization();

    /**
     * Istio's {@code extensionProviders} (the external authorizers), by name:
     * {@code rigging.mesh.extension-providers."NAME".*}.
     */
    java.util.Map<String, ExtensionProvider> extensionProviders();
  }

  /**
   * An external authorizer ({@code envoyExtAuthzGrpc} or {@code envoyExtAuthzHttp} in Istio's
   * MeshConfig).
   */
  interface ExtensionProvider {
    /** {@code envoy-ext-authz-grpc} or {@code envoy-ext-authz-http}. */
    String type();

    /** The authorizer's service host, e.g. {@code ext-authz.auth.svc.cluster.local}. */
    String service();

    int port();

    /** Check timeout; Istio's default when absent. */
    Optional<Duration> timeout();

    /** Let requests through when the authorizer fails (Istio's default: no). */
    @WithDefault("false")
    boolean failOpen();

    /** HTTP status returned when the authorizer fails; Envoy's 403 when absent. */
    Optional<Integer> statusOnError();

    /** HTTP: prefix of the check request path. */
    Optional<String> pathPrefix();

    /** HTTP: request headers sent to the authorizer. */
    Optional<java.util.List<String>> includeRequestHeadersInCheck();

    /** HTTP: authorizer response headers added to an allowed request. */
    Optional<java.util.List<String>> headersToUpstreamOnAllow();

    /** HTTP: authorizer response headers returned to the client on a denial. */
    Optional<java.util.List<String>> headersToDownstreamOnDeny();
  }

  /** JWKS fetching ({@code rigging.jwt.*}). */
  interface Jwt {
    /**
     * Also fetch from loopback, private and link-local addresses. Off by default: mesh config must
     * not make the control plane reach into its own network (cloud metadata endpoints included).
     */
    @WithDefault("false")
    boolean allowPrivateJwks();

    /** The largest key set (or OpenID discovery document) accepted. */
    @WithDefault("262144")
    int jwksMaxBytes();

    /** Connect and response timeout of one fetch (Istio: 5 s). */
    @WithDefault("5s")
    Duration jwksTimeout();

    /** How often key sets are fetched again (Istio: 20 min). */
    @WithDefault("20m")
    Duration jwksRefresh();

    /** How often while a fetch keeps failing (Istio: 1 min). */
    @WithDefault("1m")
    Duration jwksRefreshOnFailure();

    /** How long a key set no RequestAuthentication uses any more is kept. */
    @WithDefault("24h")
    Duration jwksEviction();

    /** How many key sets are cached at most. */
    @WithDefault("1000")
    int jwksCacheSize();
  }

  /** Debounce settings (Istio's PILOT_DEBOUNCE_AFTER and PILOT_DEBOUNCE_MAX). */
  interface Push {
    @WithDefault("100ms")
    Duration debounceQuiet();

    @WithDefault("10s")
    Duration debounceMax();
  }

  /** DNS settings. */
  interface Dns {
    @WithDefault("30s")
    Duration refresh();
  }
}

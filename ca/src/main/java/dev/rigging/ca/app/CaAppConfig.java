package dev.rigging.ca.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code CaAppConfig} is the standalone CA's configuration ({@code rigging.ca.*} properties or the
 * matching environment variables, e.g. {@code RIGGING_CA_DIR}).
 */
@ConfigMapping(prefix = "rigging.ca")
public interface CaAppConfig {
  /** {@code file}, {@code kubernetes}, or {@code auto}: file when {@code rigging.ca.dir} is set. */
  @WithDefault("auto")
  String mode();

  /** The SPIFFE trust domain. */
  @WithDefault("cluster.local")
  String trustDomain();

  /** File mode: where the self-signed root is kept (Istio's four PEM files). */
  Optional<Path> dir();

  /** Kubernetes mode: namespace of Secret {@code istio-ca-secret} (istiod's namespace). */
  @WithDefault("istio-system")
  String namespace();

  /** A {@code cacerts} directory; a CA found there is used instead of the self-signed root. */
  Optional<Path> cacertsDir();

  /** How often the {@code cacerts} directory is re-read. */
  @WithDefault("5s")
  Duration cacertsReloadInterval();

  /** Validity of a certificate when the request asks for none. */
  @WithDefault("24h")
  Duration defaultTtl();

  /** The longest validity a request may ask for. */
  @WithDefault("90d")
  Duration maxTtl();

  /** The self-signed root. */
  Root root();

  /** Token verification. */
  Jwt jwt();

  /** This cluster's id: callers sending no {@code clusterid}, or this one, are verified locally. */
  @WithDefault("Kubernetes")
  String clusterId();

  /** Address the gRPC servers bind to. */
  @WithDefault("0.0.0.0")
  String host();

  /** The TLS port (Istio's 15012). */
  @WithDefault("15012")
  int port();

  /** A plaintext port (Istio's 15010); off unless set. Tokens are sent in clear on it. */
  OptionalInt plaintextPort();

  /** The CA's own serving certificate. */
  Serving serving();

  /** Kubernetes mode: keep ConfigMap {@code istio-ca-root-cert} in every namespace. */
  @WithDefault("true")
  boolean publishRootConfigMaps();

  /** Self-signed root settings. */
  interface Root {
    /** {@code ec-p256}, {@code ec-p384}, {@code rsa-2048} or {@code rsa-3072}. */
    @WithDefault("ec-p256")
    String keyAlgorithm();

    @WithDefault("3650d")
    Duration validity();

    /** Re-issue the root when less than this fraction of its lifetime remains. */
    @WithDefault("0.2")
    double rotationThreshold();

    @WithDefault("1h")
    Duration checkInterval();
  }

  /** JWT verification (file mode, and remote clusters in either mode). */
  interface Jwt {
    /** A JWKS file with the service-account token signing keys. */
    Optional<Path> jwksFile();

    /** An OIDC issuer: its keys are discovered, and tokens must name it in {@code iss}. */
    Optional<String> issuer();

    @WithDefault("istio-ca")
    String audience();

    /** Other clusters, by cluster id: each with its own {@code jwks-file} or {@code issuer}. */
    Map<String, RemoteCluster> remoteClusters();
  }

  /** A remote cluster's token verification. */
  interface RemoteCluster {
    Optional<Path> jwksFile();

    Optional<String> issuer();

    @WithDefault("istio-ca")
    String audience();
  }

  /** The serving certificate. */
  interface Serving {
    /** DNS names callers use to reach the CA. */
    @WithDefault("istiod.istio-system.svc")
    List<String> dnsNames();

    @WithDefault("24h")
    Duration ttl();
  }
}

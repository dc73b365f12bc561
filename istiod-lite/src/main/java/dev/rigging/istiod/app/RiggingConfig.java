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

  /** The monitoring port: {@code /metrics}, {@code /debug/*}, {@code /q/health/*}, {@code /ready}. */
  Port monitoring();

  /** A port. */
  interface Port {
    int port();
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

package dev.rigging.ca;

import dev.rigging.ca.crypto.KeyAlgorithm;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code CaConfig} configures a {@link CertificateAuthority}.
 *
 * @param trustDomain the SPIFFE trust domain of every identity the CA signs
 * @param defaultTtl validity of a leaf when the request asks for none (zero or negative)
 * @param maxTtl the longest validity a request may ask for; longer requests are refused
 * @param storage where the self-signed root lives
 * @param pluggedCertsDir a {@code cacerts} directory; when it holds a CA, that CA is used instead of
 *     the self-signed root
 * @param pluggedReloadInterval how often the {@code cacerts} directory is re-read
 * @param rootKeyAlgorithm the key type of a new self-signed root
 * @param rootValidity the validity of a new (or re-issued) self-signed root
 * @param rootRotationThreshold re-issue the root when less than this fraction of its lifetime remains
 * @param rootCheckInterval how often the stored root is re-read (other replicas' rotations) and
 *     checked for rotation
 */
public record CaConfig(
    String trustDomain,
    Duration defaultTtl,
    Duration maxTtl,
    Storage storage,
    Optional<Path> pluggedCertsDir,
    Duration pluggedReloadInterval,
    KeyAlgorithm rootKeyAlgorithm,
    Duration rootValidity,
    double rootRotationThreshold,
    Duration rootCheckInterval) {

  /** Where the self-signed root is persisted. */
  public sealed interface Storage {
    /** Istio's four PEM files in a directory (file mode, {@code rigging.ca.dir}). */
    record Directory(Path dir) implements Storage {
      public Directory {
        Objects.requireNonNull(dir, "dir");
      }
    }

    /** Secret {@code istio-ca-secret} in {@code namespace} (Kubernetes mode). */
    record KubernetesSecret(KubernetesClient client, String namespace) implements Storage {
      public KubernetesSecret {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(namespace, "namespace");
      }
    }
  }

  public CaConfig {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(pluggedCertsDir, "pluggedCertsDir");
    Objects.requireNonNull(rootKeyAlgorithm, "rootKeyAlgorithm");
    requirePositive(defaultTtl, "defaultTtl");
    requirePositive(maxTtl, "maxTtl");
    requirePositive(pluggedReloadInterval, "pluggedReloadInterval");
    requirePositive(rootValidity, "rootValidity");
    requirePositive(rootCheckInterval, "rootCheckInterval");
    if (!(rootRotationThreshold > 0 && rootRotationThreshold < 1)) {
      throw new IllegalArgumentException("rootRotationThreshold must be between 0 and 1 (exclusive), got " + rootRotationThreshold);
    }
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  /** A builder with Istio's defaults: 24 h leaves, 90 days at most, a 10-year P-256 root rotated at 20 % remaining. */
  public static Builder builder(Storage storage) {
    return new Builder(storage);
  }

  /** Builds a {@link CaConfig}; every setter has a default except the storage. */
  public static final class Builder {
    private final Storage storage;
    private String trustDomain = "cluster.local";
    private Duration defaultTtl = Duration.ofHours(24);
    private Duration maxTtl = Duration.ofDays(90);
    private Path pluggedCertsDir;
    private Duration pluggedReloadInterval = Duration.ofSeconds(5);
    private KeyAlgorithm rootKeyAlgorithm = KeyAlgorithm.EC_P256;
    private Duration rootValidity = Duration.ofDays(3650);
    private double rootRotationThreshold = 0.2;
    private Duration rootCheckInterval = Duration.ofHours(1);

    private Builder(Storage storage) {
      this.storage = Objects.requireNonNull(storage, "storage");
    }

    public Builder trustDomain(String value) {
      trustDomain = value;
      return this;
    }

    public Builder defaultTtl(Duration value) {
      defaultTtl = value;
      return this;
    }

    public Builder maxTtl(Duration value) {
      maxTtl = value;
      return this;
    }

    public Builder pluggedCertsDir(Path value) {
      pluggedCertsDir = value;
      return this;
    }

    public Builder pluggedReloadInterval(Duration value) {
      pluggedReloadInterval = value;
      return this;
    }

    public Builder rootKeyAlgorithm(KeyAlgorithm value) {
      rootKeyAlgorithm = value;
      return this;
    }

    public Builder rootValidity(Duration value) {
      rootValidity = value;
      return this;
    }

    public Builder rootRotationThreshold(double value) {
      rootRotationThreshold = value;
      return this;
    }

    public Builder rootCheckInterval(Duration value) {
      rootCheckInterval = value;
      return this;
    }

    public CaConfig build() {
      return new CaConfig(trustDomain, defaultTtl, maxTtl, storage, Optional.ofNullable(pluggedCertsDir),
          pluggedReloadInterval, rootKeyAlgorithm, rootValidity, rootRotationThreshold, rootCheckInterval);
    }
  }
}

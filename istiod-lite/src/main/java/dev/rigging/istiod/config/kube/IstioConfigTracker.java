package dev.rigging.istiod.config.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rigging.istiod.config.ConfigMetrics;
import dev.rigging.mesh.config.ConfigError;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigLoader;
import dev.rigging.mesh.config.ConfigObject;
import dev.rigging.mesh.config.Kind;
import dev.rigging.mesh.config.Origin;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * {@code IstioConfigTracker} keeps, per Istio object in the cluster, its last valid version and
 * whether its current version is rejected.
 *
 * <p>An object whose new version fails decoding or validation keeps its last valid version in the
 * mesh (a typo must not delete routes that work), is logged once per resourceVersion with every
 * error, and is counted in {@link ConfigMetrics}. Not thread-safe: the caller serialises access.
 */
final class IstioConfigTracker {
  static final String SOURCE = "kubernetes";
  private static final Logger LOG = Logger.getLogger(IstioConfigTracker.class);

  private final ConfigLoader loader = new ConfigLoader("default");
  private final KubernetesSerialization serialization;
  private final ConfigMetrics metrics;
  private final Map<ConfigKey, ConfigObject<?>> valid = new HashMap<>();
  /** Rejected objects: the resourceVersion that was rejected and why. */
  private final Map<ConfigKey, Rejection> rejected = new HashMap<>();

  private record Rejection(String version, List<String> errors) {}

  IstioConfigTracker(KubernetesSerialization serialization, ConfigMetrics metrics) {
    this.serialization = Objects.requireNonNull(serialization, "serialization");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    metrics.invalidNow(SOURCE, 0);
  }

  static ConfigKey key(Kind kind, GenericKubernetesResource resource) {
    return new ConfigKey(kind, resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }

  /**
   * Takes the current version of an object; returns its new valid version when that changed, or
   * {@code null} when the mesh keeps what it had (same version, or rejected).
   */
  ConfigObject<?> apply(Kind kind, GenericKubernetesResource resource) {
    ConfigKey key = key(kind, resource);
    String version = resource.getMetadata().getResourceVersion();
    Rejection previous = rejected.get(key);
    if (version != null && ((previous != null && version.equals(previous.version()))
        || (previous == null && version.equals(validVersion(key))))) {
      return null;
    }
    List<ConfigError> errors;
    ConfigObject<?> loaded = null;
    try {
      ConfigLoader.Loaded result = loader.load(
          serialization.convertValue(resource, JsonNode.class), Origin.kubernetes(kind.kindName(), key.namespace(), key.name()));
      errors = result.errors();
      if (errors.isEmpty() && result.objects().size() == 1 && result.objects().get(0).key().equals(key)) {
        loaded = result.objects().get(0);
      } else if (errors.isEmpty()) {
        errors = List.of(new ConfigError(Origin.kubernetes(kind.kindName(), key.namespace(), key.name()), key.toString(),
            null, "expected exactly this object, decoded " + result.objects().size() + " objects"));
      }
    } catch (RuntimeException e) {
      // A loader bug must cost one object, not the informer thread.
      LOG.errorf(e, "config load failed: source=%s object=%s resourceVersion=%s", SOURCE, key, version);
      errors = List.of(new ConfigError(Origin.kubernetes(kind.kindName(), key.namespace(), key.name()), key.toString(),
          null, "internal error while loading: " + e));
    }
    if (loaded != null) {
      rejected.remove(key);
      valid.put(key, loaded);
      metrics.invalidNow(SOURCE, rejected.size());
      return loaded;
    }
    reject(key, version, errors);
    return null;
  }

  private void reject(ConfigKey key, String version, List<ConfigError> errors) {
    rejected.put(key, new Rejection(version, errors.stream().map(ConfigError::toString).toList()));
    metrics.rejected(SOURCE);
    metrics.invalidNow(SOURCE, rejected.size());
    ConfigObject<?> kept = valid.get(key);
    LOG.warnf("config rejected: source=%s object=%s resourceVersion=%s; %s%n  %s", SOURCE, key, version,
        kept == null ? "it was never valid and stays absent from the mesh"
            : "the mesh keeps its last valid version (resourceVersion=" + kept.meta().resourceVersion() + ")",
        errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n  ")));
  }

  /** Forgets a deleted object; returns true if the mesh had a valid version of it. */
  boolean remove(ConfigKey key) {
    boolean wasRejected = rejected.remove(key) != null;
    if (wasRejected) {
      metrics.invalidNow(SOURCE, rejected.size());
    }
    return valid.remove(key) != null;
  }

  /** Forgets every object not in {@code present}; returns the keys whose valid version left the mesh. */
  Set<ConfigKey> retainOnly(Set<ConfigKey> present) {
    Set<ConfigKey> gone = new HashSet<>(valid.keySet());
    gone.removeAll(present);
    valid.keySet().removeAll(gone);
    if (rejected.keySet().retainAll(present)) {
      metrics.invalidNow(SOURCE, rejected.size());
    }
    return gone;
  }

  /** The valid version of every tracked object. */
  Map<ConfigKey, ConfigObject<?>> valid() {
    return Map.copyOf(valid);
  }

  /** Objects rejected right now, with their errors. */
  Map<String, List<String>> rejectedErrors() {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    rejected.forEach((k, r) -> out.put(k + " (resourceVersion " + r.version() + ")", r.errors()));
    return out;
  }

  /** How many objects are rejected right now. */
  int rejectedCount() {
    return rejected.size();
  }

  private String validVersion(ConfigKey key) {
    ConfigObject<?> o = valid.get(key);
    return o == null ? null : o.meta().resourceVersion();
  }
}

package dev.rigging.istiod.config;

import dev.rigging.mesh.config.Kind;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code ConfigChange} describes one update of the {@link ConfigStore}, for the push queue and for
 * the {@code pilot_push_triggers} metric.
 *
 * @param kinds Istio kinds whose objects were added, changed or removed
 * @param services Kubernetes Services changed
 * @param endpoints Kubernetes endpoints or pods changed
 * @param credentials TLS Secrets that {@code credentialName} can name changed
 * @param reason short human text for logs, e.g. {@code file reviews.yaml} or {@code VirtualService shop/reviews}
 */
public record ConfigChange(Set<Kind> kinds, boolean services, boolean endpoints, boolean credentials, String reason) {
  public ConfigChange {
    kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
  }

  public ConfigChange(Set<Kind> kinds, boolean services, boolean endpoints, String reason) {
    this(kinds, services, endpoints, false, reason);
  }

  public static ConfigChange credentials(String reason) {
    return new ConfigChange(Set.of(), false, false, true, reason);
  }

  public static ConfigChange config(Set<Kind> kinds, String reason) {
    return new ConfigChange(kinds, false, false, reason);
  }

  public static ConfigChange kubeServices(String reason) {
    return new ConfigChange(Set.of(), true, false, reason);
  }

  public static ConfigChange kubeEndpoints(String reason) {
    return new ConfigChange(Set.of(), false, true, reason);
  }

  /** The trigger type as Istio's {@code pilot_push_triggers{type}} names it. */
  public String triggerType() {
    if (credentials) {
      return "secret";
    }
    if (!services && !endpoints && kinds.isEmpty()) {
      return reason.startsWith("resend") ? "debug" : "global";
    }
    if (services) {
      return "service";
    }
    if (!kinds.isEmpty() && !(kinds.size() == 1 && kinds.contains(Kind.WORKLOAD_ENTRY))) {
      return "config";
    }
    return "endpoint";
  }
}

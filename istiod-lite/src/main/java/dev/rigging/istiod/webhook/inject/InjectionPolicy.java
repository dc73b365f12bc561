package dev.rigging.istiod.webhook.inject;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code InjectionPolicy} is istiod's last word on whether a pod that a webhook sent here is
 * injected ({@code injectRequired}, policy {@code enabled}): the webhook configurations select
 * namespaces and pods by label; here, host-network pods and Kubernetes' own namespaces are never
 * injected, and the pod's {@code sidecar.istio.io/inject} label (or, without it, annotation) can
 * still say no.
 */
final class InjectionPolicy {
  /** Namespaces Istio never injects into. */
  static final Set<String> IGNORED_NAMESPACES = Set.of("kube-system", "kube-public", "kube-node-lease",
      "local-path-storage");
  private static final Set<String> YES = Set.of("y", "yes", "true", "on");

  private InjectionPolicy() {}

  /** Null when the pod is to be injected, otherwise why not. */
  static String skipReason(Pod pod, String namespace) {
    if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
      return "pod uses the host network";
    }
    if (IGNORED_NAMESPACES.contains(namespace)) {
      return "namespace " + namespace + " is never injected";
    }
    Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    Map<String, String> annotations = pod.getMetadata().getAnnotations() == null ? Map.of()
        : pod.getMetadata().getAnnotations();
    // The label is the newer API; it wins over the annotation when both are present.
    String value = labels.containsKey(IstioAnnotations.INJECT) ? labels.get(IstioAnnotations.INJECT)
        : annotations.getOrDefault(IstioAnnotations.INJECT, "");
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (v.isEmpty() || YES.contains(v)) {
      return null;
    }
    return IstioAnnotations.INJECT + "=" + value;
  }
}

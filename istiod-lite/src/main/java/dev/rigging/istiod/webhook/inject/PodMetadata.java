package dev.rigging.istiod.webhook.inject;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code PodMetadata} writes the labels and annotations both templates add: the canonical service
 * name and revision (telemetry), the {@code istio.io/rev} that injected the pod, and which container
 * {@code kubectl logs}/{@code exec} pick by default — each only where the pod has not set it.
 */
final class PodMetadata {
  private PodMetadata() {}

  static void canonicalLabels(ObjectMeta meta, WorkloadOwner owner) {
    Map<String, String> labels = labels(meta);
    String name = first(labels.get(IstioAnnotations.CANONICAL_NAME_LABEL), labels.get("app.kubernetes.io/name"),
        labels.get("app"), owner.name());
    // A label value is at most 63 characters and may not end with '-', as Istio's template trims it.
    name = name.length() > 63 ? name.substring(0, 63) : name;
    while (name.endsWith("-")) {
      name = name.substring(0, name.length() - 1);
    }
    labels.put(IstioAnnotations.CANONICAL_NAME_LABEL, name);
    labels.put(IstioAnnotations.CANONICAL_REVISION_LABEL, first(labels.get(IstioAnnotations.CANONICAL_REVISION_LABEL),
        labels.get("app.kubernetes.io/version"), labels.get("version"), "latest"));
  }

  static void annotations(ObjectMeta meta, List<String> appContainers, String revision) {
    Map<String, String> a = annotations(meta);
    a.put(IstioAnnotations.REVISION, revision);
    if (!appContainers.isEmpty()) {
      a.putIfAbsent(IstioAnnotations.DEFAULT_LOGS_CONTAINER, appContainers.get(0));
      a.putIfAbsent(IstioAnnotations.DEFAULT_CONTAINER, appContainers.get(0));
    }
  }

  static Map<String, String> labels(ObjectMeta meta) {
    if (meta.getLabels() == null) {
      meta.setLabels(new LinkedHashMap<>());
    }
    return meta.getLabels();
  }

  static Map<String, String> annotations(ObjectMeta meta) {
    if (meta.getAnnotations() == null) {
      meta.setAnnotations(new LinkedHashMap<>());
    }
    return meta.getAnnotations();
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return "";
  }
}

package dev.rigging.istiod.webhook.inject;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code WorkloadOwner} is the workload a pod belongs to, found as istiod finds it from a pod that
 * is being created: through the controlling owner reference when the name is generated, with the
 * Deployment recognised behind its ReplicaSet ({@code pod-template-hash}) and the CronJob behind
 * its Job (a {@code -TIMESTAMP} suffix); otherwise the pod itself. It feeds
 * {@code ISTIO_META_WORKLOAD_NAME}, {@code ISTIO_META_OWNER} and the canonical-name label.
 *
 * @param apiVersion e.g. {@code apps/v1}
 * @param kind e.g. {@code Deployment}
 * @param name the workload's name (the pod's when it has no controller)
 * @param namespace the pod's namespace
 */
record WorkloadOwner(String apiVersion, String kind, String name, String namespace) {
  private static final Pattern CRON_JOB = Pattern.compile("(.+)-\\d{8,10}$");

  WorkloadOwner {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(kind, "kind");
    name = Objects.requireNonNullElse(name, "");
    Objects.requireNonNull(namespace, "namespace");
  }

  static WorkloadOwner of(Pod pod, String namespace) {
    var meta = pod.getMetadata();
    String generateName = meta.getGenerateName();
    if (generateName != null && !generateName.isEmpty() && meta.getOwnerReferences() != null) {
      for (OwnerReference ref : meta.getOwnerReferences()) {
        if (Boolean.TRUE.equals(ref.getController())) {
          return ofController(ref, meta.getLabels() == null ? Map.of() : meta.getLabels(), namespace);
        }
      }
    }
    return new WorkloadOwner("v1", "Pod", meta.getName(), namespace);
  }

  private static WorkloadOwner ofController(OwnerReference ref, Map<String, String> labels, String namespace) {
    String hash = labels.get("pod-template-hash");
    if ("ReplicaSet".equals(ref.getKind()) && hash != null && !hash.isEmpty() && ref.getName().endsWith(hash)) {
      return new WorkloadOwner("apps/v1", "Deployment", ref.getName().substring(0,
          Math.max(0, ref.getName().length() - hash.length() - 1)), namespace);
    }
    if ("Job".equals(ref.getKind())) {
      Matcher m = CRON_JOB.matcher(ref.getName());
      if (m.matches()) {
        return new WorkloadOwner("batch/v1", "CronJob", m.group(1), namespace);
      }
    }
    return new WorkloadOwner(ref.getApiVersion(), ref.getKind(), ref.getName(), namespace);
  }

  /** {@code ISTIO_META_OWNER}: {@code kubernetes://apis/VERSION/namespaces/NS/KINDs/NAME}. */
  String ownerUri() {
    return "kubernetes://apis/" + apiVersion + "/namespaces/" + namespace + "/" + kind.toLowerCase(Locale.ROOT) + "s/"
        + name;
  }
}

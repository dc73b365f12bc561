package dev.rigging.istiod.registry.kube;

import dev.rigging.istiod.registry.Locality;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code PodLocality} derives a workload's locality the way istiod does: the pod's
 * {@code istio-locality} label wins; otherwise region and subzone come from pod then node labels,
 * and zone from the EndpointSlice (which Kubernetes copies from the node) or the node label.
 */
public final class PodLocality {
  static final String ISTIO_LOCALITY = "istio-locality";
  static final String REGION = "topology.kubernetes.io/region";
  static final String ZONE = "topology.kubernetes.io/zone";
  static final String SUBZONE = "topology.istio.io/subzone";
  // Pre-1.17 Kubernetes node labels, still set by some providers.
  static final String LEGACY_REGION = "failure-domain.beta.kubernetes.io/region";
  static final String LEGACY_ZONE = "failure-domain.beta.kubernetes.io/zone";

  // Node labels that affect locality; a node update touching none of them changes nothing.
  private static final Set<String> NODE_LABELS = Set.of(REGION, ZONE, SUBZONE, LEGACY_REGION, LEGACY_ZONE);

  private PodLocality() {}

  /** The locality of a workload on {@code pod} (if known) running on {@code node}, in {@code sliceZone} if given. */
  public static Locality of(Optional<Pod> pod, Optional<Node> node, String sliceZone) {
    String override = label(pod, ISTIO_LOCALITY);
    if (!override.isEmpty()) {
      // Label values cannot contain '/', so Istio writes region.zone.subzone.
      return Locality.parse(override.replace('.', '/'));
    }
    return new Locality(
        first(label(pod, REGION), label(node, REGION), label(node, LEGACY_REGION)),
        first(sliceZone, label(node, ZONE), label(node, LEGACY_ZONE)),
        first(label(pod, SUBZONE), label(node, SUBZONE)));
  }

  private static String label(Optional<? extends HasMetadata> o, String key) {
    return o.map(x -> x.getMetadata().getLabels()).map(l -> l.get(key)).map(String::trim).orElse("");
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return "";
  }

  /** Whether two versions of a node differ in a label that feeds locality. */
  public static boolean changed(Node before, Node after) {
    return !localityLabels(before).equals(localityLabels(after));
  }

  private static Map<String, String> localityLabels(Node node) {
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    Map<String, String> out = new HashMap<>();
    labels.forEach((k, v) -> {
      if (NODE_LABELS.contains(k)) {
        out.put(k, v);
      }
    });
    return out;
  }
}

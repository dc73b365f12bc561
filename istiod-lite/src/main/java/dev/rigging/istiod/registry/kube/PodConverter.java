package dev.rigging.istiod.registry.kube;

import dev.rigging.istiod.registry.WorkloadInstance;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code PodConverter} turns a running Kubernetes pod into a {@link WorkloadInstance}, the form in
 * which ServiceEntry workload selectors see pods.
 */
public final class PodConverter {
  private PodConverter() {}

  /**
   * The workload of {@code pod}, or empty when it cannot receive traffic: not in phase {@code Running}
   * or without a pod IP yet.
   */
  public static Optional<WorkloadInstance> convert(Pod pod, Optional<Node> node) {
    PodStatus status = pod.getStatus();
    if (status == null || !"Running".equals(status.getPhase()) || isBlank(status.getPodIP())) {
      return Optional.empty();
    }
    return Optional.of(new WorkloadInstance(
        pod.getMetadata().getName(),
        pod.getMetadata().getNamespace(),
        status.getPodIP(),
        Nulls.map(pod.getMetadata().getLabels()),
        serviceAccount(pod),
        PodLocality.of(Optional.of(pod), node, null),
        1,
        namedPorts(pod.getSpec()),
        ready(pod)));
  }

  /** The pod's service account name (the {@code sa} of its SPIFFE identity), empty if unset. */
  public static String serviceAccount(Pod pod) {
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return "";
    }
    if (!isBlank(spec.getServiceAccountName())) {
      return spec.getServiceAccountName();
    }
    // serviceAccount is the deprecated alias older manifests still set.
    return isBlank(spec.getServiceAccount()) ? "" : spec.getServiceAccount();
  }

  /** The node the pod is scheduled on, if any. */
  public static Optional<String> nodeName(Pod pod) {
    return Optional.ofNullable(pod.getSpec()).map(PodSpec::getNodeName).filter(n -> !n.isBlank());
  }

  // A terminating pod still reports Ready until its containers stop; it must not get new traffic.
  private static boolean ready(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    return Nulls.list(pod.getStatus().getConditions()).stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  // The first container declaring a name wins, as Kubernetes resolves named targetPorts.
  private static Map<String, Integer> namedPorts(PodSpec spec) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (spec == null) {
      return out;
    }
    for (Container c : Nulls.list(spec.getContainers())) {
      for (ContainerPort p : Nulls.list(c.getPorts())) {
        if (!isBlank(p.getName()) && p.getContainerPort() != null) {
          out.putIfAbsent(p.getName(), p.getContainerPort());
        }
      }
    }
    return out;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}

package dev.rigging.istiod.webhook.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code InjectionStatus} is the {@code sidecar.istio.io/status} annotation: which init containers,
 * containers and volumes injection added, and which revision did it, in Istio's JSON form (tools
 * such as istioctl read it). Its second use is to make injection idempotent: {@link #strip} removes
 * an earlier injection — containers, volumes, rewritten probes, merged metrics annotations — so
 * that injecting an injected pod yields the same pod.
 */
record InjectionStatus(List<String> initContainers, List<String> containers, List<String> volumes, String revision) {
  private static final ObjectMapper JSON = new ObjectMapper();

  InjectionStatus {
    initContainers = List.copyOf(initContainers);
    containers = List.copyOf(containers);
    volumes = List.copyOf(volumes);
  }

  /** The annotation value; empty lists are {@code null}, as Istio writes them. */
  String toJson() {
    ObjectNode n = JSON.createObjectNode();
    list(n, "initContainers", initContainers);
    list(n, "containers", containers);
    list(n, "volumes", volumes);
    n.putNull("imagePullSecrets");
    n.put("revision", revision);
    return ProxyEnvironment.toJson(n);
  }

  private static void list(ObjectNode n, String field, List<String> values) {
    if (values.isEmpty()) {
      n.putNull(field);
    } else {
      values.forEach(n.putArray(field)::add);
    }
  }

  /** The status of an injected pod, or empty when the annotation is absent or unreadable. */
  static Optional<InjectionStatus> of(Pod pod) {
    String value = pod.getMetadata().getAnnotations() == null ? null
        : pod.getMetadata().getAnnotations().get(IstioAnnotations.STATUS);
    if (value == null) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(value);
      return Optional.of(new InjectionStatus(strings(n.path("initContainers")), strings(n.path("containers")),
          strings(n.path("volumes")), n.path("revision").asText("")));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  /** Removes this injection from {@code pod}, restoring what it changed; {@code statusPort} is the pod's. */
  void strip(Pod pod, int statusPort) {
    Optional<Container> proxy = find(pod, SidecarTemplate.PROXY);
    if (volumes.contains(IstioVolumes.ISTIO_ENVOY)) {
      proxy.flatMap(p -> env(p, ProbeRewriter.PROBERS_ENV))
          .ifPresent(probers -> ProbeRewriter.restore(pod, statusPort, probers));
      PrometheusMerge.restore(pod, statusPort, proxy.flatMap(p -> env(p, PrometheusMerge.ENV)).orElse(null));
    }
    pod.getSpec().getContainers().removeIf(c -> containers.contains(c.getName()));
    pod.getSpec().getInitContainers().removeIf(c -> initContainers.contains(c.getName()));
    pod.getSpec().getVolumes().removeIf(v -> volumes.contains(v.getName()));
    if (volumes.contains(IstioVolumes.ISTIO_XDS)) {
      pod.getSpec().getContainers().forEach(GrpcAgentTemplate::strip);
    }
    pod.getMetadata().getAnnotations().remove(IstioAnnotations.STATUS);
  }

  private static Optional<Container> find(Pod pod, String name) {
    List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
    all.addAll(pod.getSpec().getInitContainers());
    return all.stream().filter(c -> c.getName().equals(name)).findFirst();
  }

  private static Optional<String> env(Container c, String name) {
    return c.getEnv() == null ? Optional.empty()
        : c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst();
  }
}

package dev.rigging.istiod.webhook.inject;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ContainerOrder} puts injected containers where Istio puts them. istio-proxy goes last among
 * the containers, so {@code kubectl exec} and {@code logs} default to the application — first when
 * the application is held until the proxy is ready. As a native sidecar it follows istio-init at
 * the head of the init containers, so the pod's own init containers already run in the mesh;
 * otherwise istio-init goes last, so those init containers run before traffic is redirected.
 */
final class ContainerOrder {
  private ContainerOrder() {}

  static void apply(Pod pod, boolean proxyFirst) {
    pod.getSpec().setContainers(move(pod.getSpec().getContainers(), SidecarTemplate.PROXY, proxyFirst));
    List<Container> inits = pod.getSpec().getInitContainers();
    if (inits.stream().anyMatch(c -> c.getName().equals(SidecarTemplate.PROXY))) {
      inits = move(inits, SidecarTemplate.PROXY, true);
      inits = move(inits, SidecarTemplate.INIT, true);
    } else {
      inits = move(inits, SidecarTemplate.INIT, false);
    }
    pod.getSpec().setInitContainers(inits);
  }

  private static List<Container> move(List<Container> containers, String name, boolean first) {
    List<Container> out = new ArrayList<>();
    Container match = null;
    for (Container c : containers) {
      if (c.getName().equals(name)) {
        match = c;
      } else {
        out.add(c);
      }
    }
    if (match != null) {
      if (first) {
        out.add(0, match);
      } else {
        out.add(match);
      }
    }
    return out;
  }
}

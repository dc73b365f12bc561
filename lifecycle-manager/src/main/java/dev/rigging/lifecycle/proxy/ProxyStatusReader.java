package dev.rigging.lifecycle.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.render.RigLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code ProxyStatusReader} asks every istiod-lite pod of the mesh (optionally of one revision)
 * for its {@code /debug/syncz} through the API server's pod proxy ({@code pods/proxy}, port 15014),
 * which works from anywhere the kubeconfig works, without port-forwarding. A pod that does not
 * answer is reported and skipped; the others still count.
 */
public final class ProxyStatusReader {
  static final int MONITORING_PORT = 15014;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProxyStatusReader() {}

  public static List<ProxySync> read(Cluster c, String namespace, Optional<String> revision, Consumer<String> problems) {
    List<Pod> pods = c.call("list istiod pods", () -> c.client().pods().inNamespace(namespace).withLabel("app", "istiod")
        .list().getItems()).stream()
        .filter(p -> revision.isEmpty() || revision.get().equals(p.getMetadata().getLabels().get(RigLabels.REV)))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
    if (pods.isEmpty()) {
      problems.accept("no istiod pods in " + namespace + revision.map(r -> " for revision " + r).orElse(""));
    }
    List<ProxySync> out = new ArrayList<>();
    for (Pod p : pods) {
      String name = p.getMetadata().getName();
      String rev = p.getMetadata().getLabels().getOrDefault(RigLabels.REV, "default");
      String uri = "/api/v1/namespaces/" + namespace + "/pods/" + name + ":" + MONITORING_PORT + "/proxy/debug/syncz";
      try {
        String body = c.client().raw(uri);
        if (body == null) {
          problems.accept("istiod pod " + name + ": /debug/syncz not found (is it istiod-lite?)");
          continue;
        }
        for (JsonNode n : JSON.readTree(body)) {
          out.add(ProxySync.of(n, name, rev));
        }
      } catch (KubernetesClientException e) {
        problems.accept("istiod pod " + name + ": cannot read /debug/syncz: " + c.failure("read /debug/syncz", e).getMessage());
      } catch (IOException e) {
        problems.accept("istiod pod " + name + ": /debug/syncz is not JSON: " + e.getMessage());
      }
    }
    out.sort(Comparator.comparing(ProxySync::proxy));
    return out;
  }
}

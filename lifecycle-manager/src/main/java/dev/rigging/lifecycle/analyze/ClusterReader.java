package dev.rigging.lifecycle.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.kube.LiveWebhooks;
import dev.rigging.lifecycle.kube.MeshStateReader;
import dev.rigging.lifecycle.render.ManifestYaml;
import dev.rigging.lifecycle.webhook.MeshState;
import dev.rigging.mesh.config.Kind;
import dev.rigging.mesh.config.Origin;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ClusterReader} reads a cluster for analysis: the Istio objects of every kind rig knows
 * (a kind whose CRD is not installed simply has none), namespaces, pods, Services, the mesh state
 * and the Istio webhooks with missing Services. {@code namespace} limits objects, pods and
 * namespaces to one namespace; empty means all.
 */
public final class ClusterReader {
  private ClusterReader() {}

  public static void readConfigs(Cluster c, Optional<String> namespace, ConfigSources into) {
    for (Kind kind : Kind.values()) {
      List<GenericKubernetesResource> items;
      try {
        var op = c.client().genericKubernetesResources(kind.apiVersion(), kind.kindName());
        items = namespace.isPresent() ? op.inNamespace(namespace.get()).list().getItems() : op.inAnyNamespace().list().getItems();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          continue;
        }
        throw c.failure("list " + kind.kindName() + " objects", e);
      }
      for (GenericKubernetesResource r : items) {
        JsonNode node = ManifestYaml.tree(r);
        into.addClusterObject(node, Origin.kubernetes(kind.kindName(), r.getMetadata().getNamespace(), r.getMetadata().getName()));
      }
    }
  }

  public static ClusterSnapshot snapshot(Cluster c, String meshNamespace, Optional<String> namespace, String domainSuffix) {
    List<Namespace> namespaces = c.call("list namespaces", () -> c.client().namespaces().list().getItems()).stream()
        .filter(n -> namespace.isEmpty() || n.getMetadata().getName().equals(namespace.get())).toList();
    List<Pod> pods = c.call("list pods", () -> namespace.isPresent()
        ? c.client().pods().inNamespace(namespace.get()).list().getItems()
        : c.client().pods().inAnyNamespace().list().getItems());
    Set<String> hosts = c.call("list services", () -> c.client().services().inAnyNamespace().list().getItems()).stream()
        .map(s -> s.getMetadata().getName() + "." + s.getMetadata().getNamespace() + ".svc." + domainSuffix)
        .collect(Collectors.toSet());
    MeshState state = MeshStateReader.read(c, meshNamespace);
    return new ClusterSnapshot(meshNamespace, namespaces, pods, hosts, state.revisions().keySet(), state.effectiveTags(),
        state.defaultTarget().orElse(null), LiveWebhooks.dangling(c, LiveWebhooks.istio(c)));
  }
}

package dev.rigging.lifecycle.install;

import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.render.Component;
import dev.rigging.lifecycle.render.RigLabels;
import dev.rigging.lifecycle.webhook.MeshState;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code RevisionUsage} is what still depends on a revision: namespaces that select it (by its
 * name, by a tag that points at it, or by {@code istio-injection=enabled} while it is the default),
 * pods injected by it ({@code istio.io/rev} on the pod, which Istio's injector sets to the
 * revision that injected it), gateways bound to it, and tags that resolve to it.
 */
public record RevisionUsage(List<String> namespaces, List<String> pods, List<String> gateways, List<String> tags) {

  public boolean isEmpty() {
    return namespaces.isEmpty() && pods.isEmpty() && gateways.isEmpty() && tags.isEmpty();
  }

  /** What uses {@code revision} in {@code cluster}. */
  public static RevisionUsage of(Cluster cluster, MeshState state, String revision) {
    Set<String> names = new HashSet<>(state.tagsOf(revision));
    names.add(revision);
    boolean isDefault = state.defaultTarget().filter(revision::equals).isPresent();
    List<String> namespaces = new ArrayList<>();
    for (Namespace ns : cluster.call("list namespaces", () -> cluster.client().namespaces().list().getItems())) {
      Map<String, String> l = ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
      String rev = l.get(RigLabels.REV);
      if (rev != null && names.contains(rev)) {
        namespaces.add(ns.getMetadata().getName() + " (istio.io/rev=" + rev + ")");
      } else if (isDefault && "enabled".equals(l.get("istio-injection"))) {
        namespaces.add(ns.getMetadata().getName() + " (istio-injection=enabled)");
      }
    }
    List<String> pods = cluster.call("list pods of revision " + revision, () -> cluster.client().pods().inAnyNamespace()
            .withLabel(RigLabels.REV, revision).list().getItems()).stream()
        // istiod's own pods carry the revision label too; they go away with the revision.
        .filter(p -> !(state.namespace().equals(p.getMetadata().getNamespace())
            && "istiod".equals(p.getMetadata().getLabels().get("app"))))
        .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
        .toList();
    List<String> gateways = cluster.call("list gateways of revision " + revision, () -> cluster.client().apps()
            .deployments().inNamespace(state.namespace()).withLabel(RigLabels.REV, revision)
            .withLabel(RigLabels.MANAGED_BY, RigLabels.RIG).list().getItems()).stream()
        .filter(d -> {
          String c = d.getMetadata().getLabels().get(RigLabels.COMPONENT);
          return Component.INGRESS.id().equals(c) || Component.EGRESS.id().equals(c);
        })
        .map(d -> d.getMetadata().getName())
        .toList();
    return new RevisionUsage(namespaces, pods, gateways, state.tagsOf(revision));
  }

  /** The usage as lines for a refusal message. */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    tags.forEach(t -> out.add("tag " + t + " points at it (move it: rig tag set " + t + " --revision OTHER)"));
    namespaces.forEach(n -> out.add("namespace " + n));
    gateways.forEach(g -> out.add("gateway " + g + " is bound to it (reinstall another revision with the gateway enabled)"));
    pods.forEach(p -> out.add("pod " + p));
    return out;
  }
}

package dev.rigging.lifecycle.analyze;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code InjectionAnalyzer} looks at how namespaces select a control plane: a namespace with pods
 * and no injection label (IST0102), one with both {@code istio-injection} and {@code istio.io/rev}
 * (IST0123: which wins surprises people), and one whose {@code istio.io/rev} names neither a
 * revision nor a tag (RIG0002: no webhook matches it, so its pods silently get no proxy). It also
 * reports pods of injected namespaces that run without a proxy (IST0103).
 */
public final class InjectionAnalyzer implements Analyzer {
  private static final Set<String> SYSTEM = Set.of("kube-system", "kube-public", "kube-node-lease", "local-path-storage");

  @Override
  public List<Message> analyze(AnalysisInput in) {
    if (in.cluster().isEmpty()) {
      return List.of();
    }
    ClusterSnapshot c = in.cluster().get();
    Set<String> withPods = c.pods().stream().map(p -> p.getMetadata().getNamespace()).collect(Collectors.toSet());
    List<Message> out = new ArrayList<>();
    for (Namespace ns : c.namespaces()) {
      String name = ns.getMetadata().getName();
      if (SYSTEM.contains(name) || name.equals(c.meshNamespace())) {
        continue;
      }
      Map<String, String> l = labels(ns.getMetadata().getLabels());
      String injection = l.get("istio-injection");
      String rev = l.get("istio.io/rev");
      String where = "Namespace " + name;
      if (injection != null && rev != null) {
        out.add(MessageType.NAMESPACE_MULTIPLE_INJECTION_LABELS.on(where, "The namespace has more than one type of"
            + " injection labels [istio-injection istio.io/rev], which may lead to undefined behavior. Make sure only"
            + " one injection label exists."));
      } else if (rev != null && c.resolve(rev) == null) {
        out.add(MessageType.NAMESPACE_REVISION_NOT_FOUND.on(where, "istio.io/rev=" + rev + " names no installed revision"
            + " or tag (revisions: " + String.join(", ", c.revisions().stream().sorted().toList()) + "; tags: "
            + String.join(", ", c.tags().keySet()) + "); its pods get no proxy"));
      } else if (injection == null && rev == null && withPods.contains(name)) {
        out.add(MessageType.NAMESPACE_NOT_INJECTED.on(where, "The namespace is not enabled for Istio injection. Run"
            + " 'kubectl label namespace " + name + " istio.io/rev=default' (or a revision or tag) to enable it, or"
            + " 'kubectl label namespace " + name + " istio-injection=disabled' to explicitly mark it as not needing"
            + " injection."));
      }
      if (injected(c, injection, rev)) {
        for (Pod p : c.pods()) {
          if (p.getMetadata().getNamespace().equals(name) && !hasProxy(p) && !optedOut(p)) {
            out.add(MessageType.POD_MISSING_PROXY.on("Pod " + name + "/" + p.getMetadata().getName(), "The pod "
                + p.getMetadata().getName() + " is missing the Istio proxy. This can often be resolved by restarting"
                + " or redeploying the workload."));
          }
        }
      }
    }
    return out;
  }

  private static boolean injected(ClusterSnapshot c, String injection, String rev) {
    if ("enabled".equals(injection)) {
      return c.defaultRevision() != null;
    }
    return injection == null && rev != null && c.resolve(rev) != null;
  }

  private static boolean hasProxy(Pod p) {
    var spec = p.getSpec();
    return spec != null && (spec.getContainers().stream().anyMatch(x -> "istio-proxy".equals(x.getName()))
        || spec.getInitContainers().stream().anyMatch(x -> "istio-proxy".equals(x.getName())));
  }

  private static boolean optedOut(Pod p) {
    return "false".equals(labels(p.getMetadata().getLabels()).get("sidecar.istio.io/inject"))
        || "false".equals(labels(p.getMetadata().getAnnotations()).get("sidecar.istio.io/inject"));
  }

  private static Map<String, String> labels(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }
}

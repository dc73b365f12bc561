package dev.rigging.istiod.model;

import dev.rigging.mesh.api.networking.MatchLabelsSelector;
import dev.rigging.mesh.api.security.PolicyTargetReference;
import dev.rigging.mesh.config.ConfigObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code WorkloadPolicyIndex} finds the AuthorizationPolicies (or RequestAuthentications) that
 * apply to a workload port, as istiod does: those in the root namespace and in the workload's
 * namespace; without selector or target they apply to every workload there (in the root
 * namespace: of the mesh), with a selector to the workloads it matches (a root-namespace selector
 * matches in every namespace).
 *
 * <p>A policy attached with {@code targetRef(s)} to a Service or ServiceEntry of its namespace
 * applies to the ports of that service's workloads. Istio enforces such policies at a waypoint;
 * without waypoints, the proxy in front of the workload is the one place left to enforce them, and
 * the ports keep the scope to that service. Gateway targets apply to no sidecar.
 *
 * @param <T> the policy spec type
 */
final class WorkloadPolicyIndex<T> {
  private final String rootNamespace;
  private final List<ConfigObject<T>> ordered;
  private final Function<T, MatchLabelsSelector> selector;
  private final Function<T, List<PolicyTargetReference>> targets;

  /**
   * @param ordered the policies in Istio's precedence order (oldest first)
   * @param selector a policy's selector, or null
   * @param targets a policy's {@code targetRef} and {@code targetRefs}
   */
  WorkloadPolicyIndex(List<ConfigObject<T>> ordered, String rootNamespace, Function<T, MatchLabelsSelector> selector,
      Function<T, List<PolicyTargetReference>> targets) {
    this.rootNamespace = rootNamespace;
    this.ordered = List.copyOf(ordered);
    this.selector = selector;
    this.targets = targets;
  }

  /**
   * The policies for a workload in {@code namespace} with {@code labels}, on a port that serves
   * {@code services} (their origins, such as {@code Service shop/reviews}), oldest first.
   */
  List<ConfigObject<T>> forWorkload(String namespace, Map<String, String> labels, Set<String> services) {
    List<ConfigObject<T>> out = new ArrayList<>();
    for (ConfigObject<T> p : ordered) {
      if (!p.namespace().equals(namespace) && !p.namespace().equals(rootNamespace)) {
        continue;
      }
      List<PolicyTargetReference> refs = targets.apply(p.spec());
      if (!refs.isEmpty()) {
        if (refs.stream().anyMatch(r -> services.contains(origin(r, p.namespace())))) {
          out.add(p);
        }
        continue;
      }
      MatchLabelsSelector s = selector.apply(p.spec());
      if (s == null || s.matches(labels)) {
        out.add(p);
      }
    }
    return List.copyOf(out);
  }

  /** The registry origin a target names ({@code Service NS/NAME}), or empty for other kinds. */
  private static String origin(PolicyTargetReference ref, String namespace) {
    String group = ref.groupOrEmpty();
    if ("Service".equals(ref.kind()) && (group.isEmpty() || group.equals("core"))) {
      return "Service " + namespace + "/" + ref.name();
    }
    if ("ServiceEntry".equals(ref.kind()) && group.equals("networking.istio.io")) {
      return "ServiceEntry " + namespace + "/" + ref.name();
    }
    return "";
  }

  /** {@code targetRef} and {@code targetRefs} together. */
  static List<PolicyTargetReference> refs(PolicyTargetReference one, List<PolicyTargetReference> many) {
    if (one == null) {
      return many;
    }
    List<PolicyTargetReference> out = new ArrayList<>(many);
    out.add(one);
    return out;
  }
}

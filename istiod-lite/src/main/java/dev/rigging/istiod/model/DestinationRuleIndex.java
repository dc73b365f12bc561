package dev.rigging.istiod.model;

import dev.rigging.istiod.registry.MeshService;
import dev.rigging.mesh.api.networking.DestinationRule;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code DestinationRuleIndex} finds the DestinationRule a client uses for a service with Istio's
 * namespace precedence: the client's namespace (a rule selecting the client's workload first),
 * then the service's namespace, then the root namespace, each only if exported to the client.
 * Within a namespace the most specific host wins.
 */
final class DestinationRuleIndex {
  private final String rootNamespace;
  /** namespace → host → merged rule without workload selector. */
  private final Map<String, Map<String, ResolvedDestinationRule>> catchAll;
  /** namespace → rules with a workload selector, oldest first. */
  private final Map<String, List<ResolvedDestinationRule>> selecting;
  private final Map<ConfigKey, ResolvedDestinationRule> byKey;

  private DestinationRuleIndex(String rootNamespace, Map<String, Map<String, ResolvedDestinationRule>> catchAll,
      Map<String, List<ResolvedDestinationRule>> selecting, Map<ConfigKey, ResolvedDestinationRule> byKey) {
    this.rootNamespace = rootNamespace;
    this.catchAll = catchAll;
    this.selecting = selecting;
    this.byKey = byKey;
  }

  /** Indexes {@code rules}, which must be in Istio's precedence order (oldest first). */
  static DestinationRuleIndex build(List<ConfigObject<DestinationRule>> rules, MeshSettings mesh) {
    Map<String, Map<String, ResolvedDestinationRule>> catchAll = new HashMap<>();
    Map<String, List<ResolvedDestinationRule>> selecting = new HashMap<>();
    Map<ConfigKey, ResolvedDestinationRule> byKey = new HashMap<>();
    for (ConfigObject<DestinationRule> o : rules) {
      DestinationRule spec = o.spec();
      if (spec.host() == null || spec.host().isEmpty()) {
        continue;
      }
      String host = HostNames.resolve(spec.host(), o.namespace(), mesh.domainSuffix());
      if (spec.workloadSelector() != null && !spec.workloadSelector().matchLabels().isEmpty()) {
        ResolvedDestinationRule r = ResolvedDestinationRule.of(host, o.namespace(), o.key(), spec);
        selecting.computeIfAbsent(o.namespace(), n -> new ArrayList<>()).add(r);
        byKey.put(o.key(), r);
        continue;
      }
      Map<String, ResolvedDestinationRule> hosts = catchAll.computeIfAbsent(o.namespace(), n -> new LinkedHashMap<>());
      ResolvedDestinationRule existing = hosts.get(host);
      hosts.put(host, existing == null
          ? ResolvedDestinationRule.of(host, o.namespace(), o.key(), spec)
          : existing.mergedWith(o.key(), spec));
    }
    return new DestinationRuleIndex(mesh.rootNamespace(), catchAll, selecting, byKey);
  }

  /** Keys of the workload-selecting rules in {@code namespace} whose selector matches {@code labels}. */
  List<ConfigKey> selectingRules(String namespace, Map<String, String> labels) {
    List<ConfigKey> out = new ArrayList<>();
    for (ResolvedDestinationRule r : selecting.getOrDefault(namespace, List.of())) {
      if (r.workloadSelector().matches(labels)) {
        out.add(r.sources().get(0));
      }
    }
    return out;
  }

  /**
   * The rule for {@code service} seen from a client in {@code clientNamespace} whose workload is
   * selected by the rules {@code selectedRules}; null when none applies.
   */
  ResolvedDestinationRule lookup(String clientNamespace, List<ConfigKey> selectedRules, MeshService service) {
    String host = service.hostname();
    ResolvedDestinationRule best = null;
    for (ConfigKey k : selectedRules) {
      ResolvedDestinationRule r = byKey.get(k);
      if (r != null && HostNames.subsetOf(host, r.host())
          && (best == null || HostNames.MOST_SPECIFIC_FIRST.compare(r.host(), best.host()) < 0)) {
        best = r;
      }
    }
    if (best != null) {
      return best;
    }
    ResolvedDestinationRule r = mostSpecific(clientNamespace, host, clientNamespace);
    if (r == null && !service.namespace().equals(clientNamespace)) {
      r = mostSpecific(service.namespace(), host, clientNamespace);
    }
    if (r == null && !rootNamespace.equals(clientNamespace) && !rootNamespace.equals(service.namespace())) {
      r = mostSpecific(rootNamespace, host, clientNamespace);
    }
    return r;
  }

  private ResolvedDestinationRule mostSpecific(String namespace, String host, String clientNamespace) {
    Map<String, ResolvedDestinationRule> hosts = catchAll.get(namespace);
    if (hosts == null) {
      return null;
    }
    ResolvedDestinationRule exact = hosts.get(host);
    if (exact != null) {
      return exact.visibleFrom(clientNamespace) ? exact : null;
    }
    ResolvedDestinationRule best = null;
    for (ResolvedDestinationRule r : hosts.values()) {
      if (HostNames.isWildcard(r.host()) && HostNames.subsetOf(host, r.host()) && r.visibleFrom(clientNamespace)
          && (best == null || HostNames.MOST_SPECIFIC_FIRST.compare(r.host(), best.host()) < 0)) {
        best = r;
      }
    }
    return best;
  }

  /** Whether any rule uses outlier detection or locality distribution, which make endpoints locality-dependent. */
  boolean anyLocalitySensitive() {
    var all = new ArrayList<ResolvedDestinationRule>(byKey.values());
    catchAll.values().forEach(m -> all.addAll(m.values()));
    return all.stream().anyMatch(DestinationRuleIndex::localitySensitive);
  }

  private static boolean localitySensitive(ResolvedDestinationRule r) {
    List<DestinationRule.TrafficPolicy> policies = new ArrayList<>();
    policies.add(r.trafficPolicy());
    r.subsets().forEach(s -> policies.add(s.trafficPolicy()));
    for (DestinationRule.TrafficPolicy p : policies) {
      if (p == null) {
        continue;
      }
      if (p.outlierDetection() != null || (p.loadBalancer() != null && p.loadBalancer().localityLbSetting() != null)) {
        return true;
      }
      for (DestinationRule.PortTrafficPolicy pl : p.portLevelSettings()) {
        if (pl.outlierDetection() != null
            || (pl.loadBalancer() != null && pl.loadBalancer().localityLbSetting() != null)) {
          return true;
        }
      }
    }
    return false;
  }
}

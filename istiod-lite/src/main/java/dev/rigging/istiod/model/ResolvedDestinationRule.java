package dev.rigging.istiod.model;

import dev.rigging.mesh.api.networking.DestinationRule;
import dev.rigging.mesh.api.networking.DestinationRule.Subset;
import dev.rigging.mesh.api.networking.DestinationRule.TrafficPolicy;
import dev.rigging.mesh.api.networking.MatchLabelsSelector;
import dev.rigging.mesh.config.ConfigKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ResolvedDestinationRule} is the DestinationRule that applies to one host from one
 * namespace: the host resolved to a full name and, like Istio, the rules of one namespace for the
 * same host merged (first traffic policy wins, subsets are appended, first name wins).
 *
 * <p>Instances are created once per push by the index and compared by identity, so they are cheap
 * memo-key components.
 */
public final class ResolvedDestinationRule {
  private final String host;
  private final String namespace;
  private final List<ConfigKey> sources;
  private final TrafficPolicy trafficPolicy;
  private final List<Subset> subsets;
  private final Set<String> exportTo;
  private final MatchLabelsSelector workloadSelector;

  ResolvedDestinationRule(String host, String namespace, List<ConfigKey> sources, TrafficPolicy trafficPolicy,
      List<Subset> subsets, Set<String> exportTo, MatchLabelsSelector workloadSelector) {
    this.host = Objects.requireNonNull(host, "host");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.sources = List.copyOf(sources);
    this.trafficPolicy = trafficPolicy;
    this.subsets = List.copyOf(subsets);
    this.exportTo = Set.copyOf(exportTo);
    this.workloadSelector = workloadSelector;
  }

  /** The host as resolved in the rule's namespace (may be a wildcard). */
  public String host() {
    return host;
  }

  public String namespace() {
    return namespace;
  }

  /** The DestinationRules merged into this one, in precedence order. */
  public List<ConfigKey> sources() {
    return sources;
  }

  /** The destination-level policy, or null. */
  public TrafficPolicy trafficPolicy() {
    return trafficPolicy;
  }

  public List<Subset> subsets() {
    return subsets;
  }

  /** The subset with this name, if defined. */
  public Optional<Subset> subset(String name) {
    return subsets.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The workload selector, or null for a rule that applies to every client. */
  public MatchLabelsSelector workloadSelector() {
    return workloadSelector;
  }

  /** Whether a client in {@code clientNamespace} may use this rule (exportTo; own namespace always). */
  public boolean visibleFrom(String clientNamespace) {
    return namespace.equals(clientNamespace) || exportTo.isEmpty() || exportTo.contains("*")
        || exportTo.contains(clientNamespace);
  }

  static ResolvedDestinationRule of(String host, String namespace, ConfigKey key, DestinationRule spec) {
    return new ResolvedDestinationRule(host, namespace, List.of(key), spec.trafficPolicy(), spec.subsets(),
        Set.copyOf(spec.exportTo()), spec.workloadSelector());
  }

  /** This rule merged with a later one for the same host, the way Istio merges rules of one namespace. */
  ResolvedDestinationRule mergedWith(ConfigKey key, DestinationRule later) {
    var merged = new java.util.ArrayList<>(subsets);
    for (Subset s : later.subsets()) {
      if (merged.stream().noneMatch(m -> m.name().equals(s.name()))) {
        merged.add(s);
      }
    }
    var keys = new java.util.ArrayList<>(sources);
    keys.add(key);
    var export = new java.util.HashSet<>(exportTo);
    export.addAll(later.exportTo());
    if (exportTo.isEmpty() || later.exportTo().isEmpty()) {
      export.clear();
    }
    return new ResolvedDestinationRule(host, namespace, keys,
        trafficPolicy != null ? trafficPolicy : later.trafficPolicy(), merged, export, workloadSelector);
  }

  @Override
  public String toString() {
    return "DestinationRule " + sources + " for " + host;
  }
}

package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.ResolvedDestinationRule;
import dev.rigging.mesh.api.networking.DestinationRule.ClientTLSSettings;
import dev.rigging.mesh.api.networking.DestinationRule.ConnectionPoolSettings;
import dev.rigging.mesh.api.networking.DestinationRule.LoadBalancerSettings;
import dev.rigging.mesh.api.networking.DestinationRule.LocalityLoadBalancerSetting;
import dev.rigging.mesh.api.networking.DestinationRule.OutlierDetection;
import dev.rigging.mesh.api.networking.DestinationRule.PortTrafficPolicy;
import dev.rigging.mesh.api.networking.DestinationRule.Subset;
import dev.rigging.mesh.api.networking.DestinationRule.TrafficPolicy;
import java.util.List;

/**
 * {@code EffectivePolicy} is the traffic policy that applies to one cluster, merged in Istio's
 * order: the destination-level policy, replaced wholesale by its port-level settings for the
 * port; then the subset's policy field by field (or wholesale when the subset has port-level
 * settings for the port). A port-level policy does not inherit omitted fields: they fall back to
 * defaults, as Istio documents.
 */
record EffectivePolicy(
    ConnectionPoolSettings connectionPool,
    LoadBalancerSettings loadBalancer,
    OutlierDetection outlierDetection,
    ClientTLSSettings tls) {

  static final EffectivePolicy NONE = new EffectivePolicy(null, null, null, null);

  /** Istio's mesh default {@code localityLbSetting: {enabled: true}}. */
  private static final LocalityLoadBalancerSetting MESH_DEFAULT_LOCALITY =
      new LocalityLoadBalancerSetting(List.of(), List.of(), List.of(), true);

  /** The policy for {@code port} of the rule's host, for {@code subset} (null for the default cluster). */
  static EffectivePolicy of(ResolvedDestinationRule rule, String subset, int port) {
    if (rule == null) {
      return NONE;
    }
    EffectivePolicy base = forPort(rule.trafficPolicy(), port);
    if (subset == null || subset.isEmpty()) {
      return base;
    }
    TrafficPolicy subsetPolicy = rule.subset(subset).map(Subset::trafficPolicy).orElse(null);
    if (subsetPolicy == null) {
      return base;
    }
    PortTrafficPolicy portLevel = portLevel(subsetPolicy, port);
    EffectivePolicy sub = forPort(subsetPolicy, port);
    boolean replace = portLevel != null;
    return new EffectivePolicy(
        sub.connectionPool != null || replace ? sub.connectionPool : base.connectionPool,
        sub.loadBalancer != null || replace ? sub.loadBalancer : base.loadBalancer,
        sub.outlierDetection != null || replace ? sub.outlierDetection : base.outlierDetection,
        sub.tls != null || replace ? sub.tls : base.tls);
  }

  private static EffectivePolicy forPort(TrafficPolicy policy, int port) {
    if (policy == null) {
      return NONE;
    }
    PortTrafficPolicy p = portLevel(policy, port);
    if (p != null) {
      return new EffectivePolicy(p.connectionPool(), p.loadBalancer(), p.outlierDetection(), p.tls());
    }
    return new EffectivePolicy(policy.connectionPool(), policy.loadBalancer(), policy.outlierDetection(), policy.tls());
  }

  private static PortTrafficPolicy portLevel(TrafficPolicy policy, int port) {
    for (PortTrafficPolicy p : policy.portLevelSettings()) {
      if (p.port() != null && p.port().number() != null && p.port().number() == port) {
        return p;
      }
    }
    return null;
  }

  /**
   * The locality load balancing setting in effect: the rule's, else the mesh default (enabled);
   * null when the rule disables it.
   */
  LocalityLoadBalancerSetting locality() {
    LocalityLoadBalancerSetting s = loadBalancer == null ? null : loadBalancer.localityLbSetting();
    if (s == null) {
      return MESH_DEFAULT_LOCALITY;
    }
    return Boolean.FALSE.equals(s.enabled()) ? null : s;
  }

  /**
   * Whether endpoints must be prioritised or weighted by the client's locality: Istio fails over
   * by locality only with outlier detection (else Envoy never leaves priority 0), and distributes
   * whenever {@code distribute} is set.
   */
  boolean localityDependent() {
    LocalityLoadBalancerSetting s = locality();
    return s != null && (!s.distribute().isEmpty() || outlierDetection != null);
  }
}

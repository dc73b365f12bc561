package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.model.ResolvedDestinationRule;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.ServicePort;
import dev.rigging.mesh.api.networking.DestinationRule;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code ClusterPlanner} decides which outbound clusters proxies of one scope get: a default
 * cluster per visible service port plus one per DestinationRule subset, with Istio's discovery
 * type per resolution (Envoy: EDS for STATIC, STRICT_DNS for DNS, LOGICAL_DNS for
 * DNS_ROUND_ROBIN, ORIGINAL_DST for PASSTHROUGH and {@code simple: PASSTHROUGH}; proxyless gRPC:
 * EDS for everything it can reach, with control-plane resolved IPs, and no passthrough services).
 * Each cluster also gets the TLS its clients use ({@link UpstreamTls}).
 */
final class ClusterPlanner {
  private ClusterPlanner() {}

  private record PlanKey(ProxyScope scope) {}

  /** The outbound clusters of {@code scope}, sorted by name; the same list for every proxy of the scope. */
  static List<PlannedCluster> plan(PushContext push, ProxyScope scope) {
    return push.memo(new PlanKey(scope), () -> compute(push, scope));
  }

  private static List<PlannedCluster> compute(PushContext push, ProxyScope scope) {
    boolean proxyless = scope.isProxyless();
    List<PlannedCluster> out = new ArrayList<>();
    for (MeshService svc : push.sidecarScope(scope).services()) {
      if (proxyless && svc.resolution() == MeshService.Resolution.PASSTHROUGH) {
        continue;
      }
      ResolvedDestinationRule rule = push.destinationRule(scope, svc);
      for (ServicePort port : svc.ports()) {
        EffectivePolicy policy = EffectivePolicy.of(rule, null, port.port());
        boolean passthrough = rule != null && passthroughLb(rule.trafficPolicy());
        out.add(new PlannedCluster(ClusterNames.outbound(port.port(), "", svc.hostname()), svc, port, "", Map.of(),
            rule, policy, discovery(svc, policy, proxyless),
            proxyless, tls(push, scope, svc, port, "", rule, policy, passthrough)));
        if (rule == null) {
          continue;
        }
        for (DestinationRule.Subset subset : rule.subsets()) {
          EffectivePolicy sp = EffectivePolicy.of(rule, subset.name(), port.port());
          out.add(new PlannedCluster(ClusterNames.outbound(port.port(), subset.name(), svc.hostname()), svc, port,
              subset.name(), subset.labels(), rule, sp, discovery(svc, sp, proxyless), proxyless,
              tls(push, scope, svc, port, subset.name(), rule, sp, passthroughLb(subset.trafficPolicy()))));
        }
      }
    }
    out.sort(Comparator.comparing(PlannedCluster::name));
    return List.copyOf(dedupe(out));
  }

  /**
   * The TLS of one cluster. Istio infers the destination's mode from the load balancer of the
   * rule's top-level policy for the default cluster and of the subset's own policy for a subset.
   */
  private static UpstreamTls tls(PushContext push, ProxyScope scope, MeshService svc, ServicePort port,
      String subset, ResolvedDestinationRule rule, EffectivePolicy policy, boolean passthroughLb) {
    if (scope.isProxyless()) {
      return UpstreamTls.forGrpc(policy.tls(), push.serviceAccounts(svc));
    }
    // A gateway may read credentials; a sidecar only through a rule that selects it.
    boolean credentialAllowed = scope.isRouter() || (rule != null && rule.workloadSelector() != null);
    return UpstreamTls.forEnvoy(policy.tls(), push.serviceAccounts(svc),
        ClusterNames.istioMtlsSni(port.port(), subset, svc.hostname()), push.mesh().enableAutoMtls(),
        svc.external(), push.serviceMtlsMode(svc, port.port(), passthroughLb), credentialAllowed);
  }

  private static boolean passthroughLb(DestinationRule.TrafficPolicy policy) {
    return policy != null && policy.loadBalancer() != null
        && policy.loadBalancer().simple() == DestinationRule.SimpleLB.PASSTHROUGH;
  }

  /** Istio keeps the first of clusters with equal names (conflicting definitions of one host). */
  private static List<PlannedCluster> dedupe(List<PlannedCluster> sorted) {
    List<PlannedCluster> out = new ArrayList<>(sorted.size());
    for (PlannedCluster c : sorted) {
      if (out.isEmpty() || !out.get(out.size() - 1).name().equals(c.name())) {
        out.add(c);
      }
    }
    return out;
  }

  private static Cluster.DiscoveryType discovery(MeshService svc, EffectivePolicy policy, boolean proxyless) {
    if (proxyless) {
      return Cluster.DiscoveryType.EDS;
    }
    boolean passthroughLb = policy.loadBalancer() != null
        && policy.loadBalancer().simple() == DestinationRule.SimpleLB.PASSTHROUGH;
    if (passthroughLb) {
      return Cluster.DiscoveryType.ORIGINAL_DST;
    }
    return switch (svc.resolution()) {
      case STATIC -> Cluster.DiscoveryType.EDS;
      case DNS -> Cluster.DiscoveryType.STRICT_DNS;
      case DNS_ROUND_ROBIN -> Cluster.DiscoveryType.LOGICAL_DNS;
      case PASSTHROUGH -> Cluster.DiscoveryType.ORIGINAL_DST;
    };
  }
}

package dev.rigging.istiod.networking;

import com.google.common.net.InetAddresses;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.model.ResolvedDestinationRule;
import dev.rigging.istiod.registry.Endpoint;
import dev.rigging.istiod.registry.Locality;
import dev.rigging.istiod.registry.ServiceKey;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import dev.rigging.mesh.api.networking.DestinationRule;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code EndpointBuilder} builds one ClusterLoadAssignment per EDS cluster of a proxy: healthy
 * endpoints only, filtered by subset labels, grouped by locality (one group per locality, weight
 * the sum of its endpoints' weights, at least 1), with locality priorities or weights from the
 * DestinationRule when Istio applies them, and the {@code tlsMode} metadata auto-mTLS clusters
 * match on ({@link EndpointTlsMetadata}). Proxyless clients get IP endpoints only.
 */
public final class EndpointBuilder {
  private EndpointBuilder() {}

  private record ListKey(ProxyScope scope, Locality locality) {}

  private record AssignmentKey(String cluster, ServiceKey service, boolean ipOnly, ResolvedDestinationRule rule,
      Locality locality) {}

  /** Assignments for every EDS cluster of {@code proxy}, sorted by cluster name. */
  public static List<ClusterLoadAssignment> build(PushContext push, Proxy proxy) {
    ProxyScope scope = push.scope(proxy);
    Locality locality = push.localitySensitive() ? proxy.locality() : null;
    return push.memo(new ListKey(scope, locality), () -> {
      List<ClusterLoadAssignment> out = new ArrayList<>();
      for (PlannedCluster c : ClusterPlanner.plan(push, scope)) {
        if (c.discovery() == Cluster.DiscoveryType.EDS) {
          out.add(assignment(push, c, proxy.locality()));
        }
      }
      return List.copyOf(out);
    });
  }

  /** The assignment of one EDS cluster; shared by every client for which it is the same. */
  static ClusterLoadAssignment assignment(PushContext push, PlannedCluster c, Locality client) {
    Locality locality = c.policy().localityDependent() ? client : null;
    return push.memo(new AssignmentKey(c.name(), c.service().key(), c.proxyless(), c.rule(), locality), () -> {
      List<Endpoint> endpoints = c.proxyless()
          ? push.registry().ipEndpoints(c.service().key(), c.port().port())
          : push.registry().endpoints(c.service().key(), c.port().port());
      DestinationRule.TLSMode ruleMode = EndpointTlsMetadata.ruleTlsMode(c.rule(), c.subset(), c.port().port());
      return ClusterLoadAssignment.newBuilder()
          .setClusterName(c.name())
          .addAllEndpoints(localityEndpoints(endpoints, c, client, c.proxyless(),
              e -> EndpointTlsMetadata.edsTlsMode(push, c, ruleMode, e)))
          .build();
    });
  }

  /**
   * The locality groups for {@code endpoints} of cluster {@code c} as seen from {@code client}:
   * healthy endpoints matching the subset, IP literals only when {@code ipOnly}, each with the
   * TLS mode {@code tlsMode} says it publishes.
   */
  static List<LocalityLbEndpoints> localityEndpoints(List<Endpoint> endpoints, PlannedCluster c, Locality client,
      boolean ipOnly, Function<Endpoint, String> tlsMode) {
    Map<String, List<Endpoint>> byLocality = new TreeMap<>();
    Map<String, Locality> localities = new TreeMap<>();
    for (Endpoint e : endpoints) {
      if (!e.healthy() || !selects(c.subsetLabels(), e.labels())) {
        continue;
      }
      if (ipOnly && !InetAddresses.isInetAddress(e.address())) {
        continue;
      }
      String key = e.locality().toString();
      byLocality.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
      localities.putIfAbsent(key, e.locality());
    }
    List<LocalityLbEndpoints> groups = new ArrayList<>();
    byLocality.forEach((key, eps) -> {
      eps.sort(Comparator.comparing(Endpoint::address).thenComparingInt(Endpoint::port));
      Locality l = localities.get(key);
      LocalityLbEndpoints.Builder g = LocalityLbEndpoints.newBuilder()
          .setLocality(io.envoyproxy.envoy.config.core.v3.Locality.newBuilder()
              .setRegion(l.region()).setZone(l.zone()).setSubZone(l.subzone()));
      long total = 0;
      for (Endpoint e : eps) {
        LbEndpoint.Builder lb = LbEndpoint.newBuilder()
            .setEndpoint(io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder()
                .setAddress(Protos.socket(e.address(), e.port())))
            .setHealthStatus(HealthStatus.HEALTHY)
            .setLoadBalancingWeight(Protos.u32(e.weight()));
        Metadata metadata = EndpointTlsMetadata.metadata(tlsMode.apply(e));
        if (metadata != null) {
          lb.setMetadata(metadata);
        }
        g.addLbEndpoints(lb);
        total += e.weight();
      }
      groups.add(g.setLoadBalancingWeight(Protos.u32(Math.max(1, total))).build());
    });
    return LocalityLoadBalancing.apply(groups, client, c.policy());
  }

  private static boolean selects(Map<String, String> subsetLabels, Map<String, String> labels) {
    for (Map.Entry<String, String> e : subsetLabels.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}

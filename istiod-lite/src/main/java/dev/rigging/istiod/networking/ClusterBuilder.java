package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.ProxyType;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.model.ResolvedDestinationRule;
import dev.rigging.istiod.registry.Locality;
import dev.rigging.istiod.registry.ServiceKey;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code ClusterBuilder} is the CDS translation for a proxy: outbound clusters of its scope
 * (Envoy or proxyless form), plus {@code inbound|PORT||}, {@code PassthroughCluster},
 * {@code InboundPassthroughCluster} and {@code BlackHoleCluster} for sidecars and
 * {@code BlackHoleCluster} for gateways. Every cluster and every list is memoized on the inputs
 * that decide it, so proxies that share them share instances.
 */
public final class ClusterBuilder {
  private ClusterBuilder() {}

  private record ClusterKey(String name, ServiceKey service, boolean proxyless, ResolvedDestinationRule rule,
      UpstreamTls tls, Locality locality) {}

  private record OutboundKey(ProxyScope scope, Locality locality) {}

  private record ProxyKey(ProxyScope scope, Locality locality, List<InboundPort> inbound) {}

  private record Fixed(String name) {}

  private record InboundKey(InboundPort port) {}

  /** Every cluster for {@code proxy}, sorted by name. */
  public static List<Cluster> build(PushContext push, Proxy proxy) {
    ProxyScope scope = push.scope(proxy);
    Locality locality = push.localitySensitive() ? proxy.locality() : null;
    List<InboundPort> inbound = proxy.type() == ProxyType.SIDECAR
        ? InboundPort.of(push.inboundInstances(proxy.ips())) : List.of();
    return push.memo(new ProxyKey(scope, locality, inbound), () -> {
      List<Cluster> out = new ArrayList<>(outbound(push, scope, proxy.locality()));
      if (scope.type() == ProxyType.SIDECAR) {
        out.add(push.memo(new Fixed(ClusterNames.PASSTHROUGH), () -> InboundClusterFactory.passthrough(push.mesh())));
        out.add(push.memo(new Fixed(ClusterNames.INBOUND_PASSTHROUGH),
            () -> InboundClusterFactory.inboundPassthrough(push.mesh())));
        for (InboundPort p : inbound) {
          out.add(push.memo(new InboundKey(p), () -> InboundClusterFactory.inbound(p, push.mesh())));
        }
      }
      if (scope.type() != ProxyType.PROXYLESS) {
        out.add(push.memo(new Fixed(ClusterNames.BLACKHOLE), () -> InboundClusterFactory.blackHole(push.mesh())));
      }
      out.sort(Comparator.comparing(Cluster::getName));
      return List.copyOf(out);
    });
  }

  /** The outbound clusters of a scope, as seen from {@code client}. */
  static List<Cluster> outbound(PushContext push, ProxyScope scope, Locality client) {
    Locality listLocality = push.localitySensitive() ? client : null;
    return push.memo(new OutboundKey(scope, listLocality), () -> {
      List<Cluster> out = new ArrayList<>();
      for (PlannedCluster c : ClusterPlanner.plan(push, scope)) {
        Cluster cluster = cluster(push, c, client);
        if (cluster != null) {
          out.add(cluster);
        }
      }
      return List.copyOf(out);
    });
  }

  private static Cluster cluster(PushContext push, PlannedCluster c, Locality client) {
    boolean inlineEndpoints = c.discovery() == Cluster.DiscoveryType.STRICT_DNS
        || c.discovery() == Cluster.DiscoveryType.LOGICAL_DNS;
    Locality locality = inlineEndpoints && c.policy().localityDependent() ? client : null;
    // A DNS cluster without endpoints is omitted; memo values cannot be null, so wrap.
    Object v = push.memo(new ClusterKey(c.name(), c.service().key(), c.proxyless(), c.rule(), c.tls(), locality),
        () -> {
      Cluster built = c.proxyless() ? GrpcClusterFactory.build(c) : OutboundClusterFactory.build(push, c, client);
      return built == null ? Absent.INSTANCE : built;
    });
    return v instanceof Cluster cl ? cl : null;
  }

  private enum Absent { INSTANCE }
}

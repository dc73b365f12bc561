package dev.rigging.istiod.networking;

import dev.rigging.mesh.api.networking.Destination;
import dev.rigging.mesh.api.networking.VirtualService.RouteDestination;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.List;
import java.util.function.Function;

/**
 * {@code TcpProxies} makes {@code tcp_proxy} network filters: to one cluster, or weighted over the
 * destinations of a VirtualService TCP/TLS route (zero weights dropped, stats under the
 * VirtualService's {@code name.namespace}, as Istio names them).
 */
final class TcpProxies {
  static final String NAME = "envoy.filters.network.tcp_proxy";

  private TcpProxies() {}

  static Filter toCluster(String cluster) {
    return filter(TcpProxy.newBuilder().setStatPrefix(cluster).setCluster(cluster).build());
  }

  /** A proxy to the destinations of one route; {@code clusterOf} names a destination's cluster. */
  static Filter toDestinations(List<RouteDestination> route, Function<Destination, String> clusterOf,
      String weightedStatPrefix) {
    List<RouteDestination> weighted = route.size() == 1 ? route
        : route.stream().filter(d -> d.weight() != null && d.weight() > 0).toList();
    if (weighted.size() <= 1) {
      RouteDestination only = weighted.isEmpty() ? route.get(0) : weighted.get(0);
      return toCluster(clusterOf.apply(only.destination()));
    }
    TcpProxy.WeightedCluster.Builder w = TcpProxy.WeightedCluster.newBuilder();
    for (RouteDestination d : weighted) {
      w.addClusters(TcpProxy.WeightedCluster.ClusterWeight.newBuilder()
          .setName(clusterOf.apply(d.destination())).setWeight(d.weight()));
    }
    return filter(TcpProxy.newBuilder().setStatPrefix(weightedStatPrefix).setWeightedClusters(w).build());
  }

  private static Filter filter(TcpProxy proxy) {
    return Filter.newBuilder().setName(NAME).setTypedConfig(TypedConfigs.pack(proxy)).build();
  }
}

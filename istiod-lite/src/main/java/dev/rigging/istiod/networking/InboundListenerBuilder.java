package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.PushContext;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Decorator;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.List;

/**
 * {@code InboundListenerBuilder} builds a sidecar's {@code virtualInbound} listener on 15006 like
 * Istio: the original destination decides the filter chain, one per workload port of the
 * services whose endpoints are at the proxy's addresses (HTTP connection manager with an inline
 * route to {@code inbound|PORT||}, or a TCP proxy to it), and a catch-all chain to
 * InboundPassthroughCluster. Plaintext for now: mTLS chains come with PeerAuthentication.
 */
final class InboundListenerBuilder {
  static final int VIRTUAL_INBOUND_PORT = 15006;

  private InboundListenerBuilder() {}

  private record Key(List<InboundPort> ports) {}

  static Listener build(PushContext push, List<InboundPort> ports) {
    return push.memo(new Key(ports), () -> {
      Listener.Builder l = Listener.newBuilder()
          .setName("virtualInbound")
          .setAddress(Protos.socket("0.0.0.0", VIRTUAL_INBOUND_PORT))
          .setTrafficDirection(TrafficDirection.INBOUND)
          .addListenerFilters(Listeners.ORIGINAL_DST);
      for (InboundPort p : ports) {
        FilterChain.Builder chain = FilterChain.newBuilder()
            .setName(ClusterNames.inbound(p.port()))
            .setFilterChainMatch(FilterChainMatch.newBuilder().setDestinationPort(Protos.u32(p.port())));
        if (p.protocol().isHttp()) {
          chain.addFilters(HttpConnectionManagers.filter(
              HttpConnectionManagers.sidecarInbound("inbound_0.0.0.0_" + p.port(), routes(p))));
        } else {
          chain.addFilters(TcpProxies.toCluster(ClusterNames.inbound(p.port())));
        }
        l.addFilterChains(chain);
      }
      l.addFilterChains(FilterChain.newBuilder().setName("virtualInbound-catchall-tcp")
          .addFilters(TcpProxies.toCluster(ClusterNames.INBOUND_PASSTHROUGH)));
      return l.build();
    });
  }

  /** Istio's inbound route: everything to the local cluster, without timeout. */
  static RouteConfiguration routes(InboundPort p) {
    String cluster = ClusterNames.inbound(p.port());
    RouteAction.Builder action = RouteAction.newBuilder().setCluster(cluster).setTimeout(Protos.ZERO)
        .setMaxStreamDuration(RouteAction.MaxStreamDuration.newBuilder()
            .setMaxStreamDuration(Protos.ZERO).setGrpcTimeoutHeaderMax(Protos.ZERO));
    return RouteConfiguration.newBuilder()
        .setName(cluster)
        .addVirtualHosts(VirtualHost.newBuilder()
            .setName("inbound|http|" + p.port())
            .addDomains("*")
            .addRoutes(Route.newBuilder()
                .setName("default")
                .setMatch(RouteMatchTranslator.catchAll())
                .setDecorator(Decorator.newBuilder().setOperation(p.host() + ":" + p.port() + "/*"))
                .setRoute(action)))
        .setValidateClusters(Protos.bool(false))
        .build();
  }
}

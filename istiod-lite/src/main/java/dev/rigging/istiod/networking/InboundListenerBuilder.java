package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.MergedPeerAuthentication;
import dev.rigging.istiod.model.MtlsMode;
import dev.rigging.istiod.model.PushContext;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Decorator;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code InboundListenerBuilder} builds a sidecar's {@code virtualInbound} listener on 15006 like
 * Istio: the original destination decides the filter chain, one set per workload port of the
 * services whose endpoints are at the proxy's addresses (HTTP connection manager with an inline
 * route to {@code inbound|PORT||}, or a TCP proxy to it), then catch-all chains to
 * InboundPassthroughCluster, with extra catch-all chains for ports that only the PeerAuthentication
 * names. Each set follows the port's PeerAuthentication mode ({@link InboundChainMatches}): mutual
 * TLS chains terminate with {@link InboundTlsContexts}. The TLS inspector runs where chains match
 * on TLS; listener filters never time out and then let the connection continue, as in Istio, so
 * that clients that wait for the server first are not cut off.
 */
final class InboundListenerBuilder {
  static final int VIRTUAL_INBOUND_PORT = 15006;
  static final String CATCH_ALL = "virtualInbound-catchall-tcp";

  private InboundListenerBuilder() {}

  private record Key(List<InboundPort> ports, MergedPeerAuthentication peerAuthentication) {}

  static Listener build(PushContext push, List<InboundPort> ports, MergedPeerAuthentication peerAuthentication) {
    return push.memo(new Key(ports, peerAuthentication), () -> {
      String trustDomain = push.mesh().trustDomain();
      List<FilterChain> chains = new ArrayList<>();
      Set<Integer> served = new TreeSet<>();
      for (InboundPort p : ports) {
        served.add(p.port());
        Filter filter = p.protocol().isHttp()
            ? HttpConnectionManagers.filter(HttpConnectionManagers.sidecarInbound("inbound_0.0.0.0_" + p.port(),
                routes(p)))
            : TcpProxies.toCluster(ClusterNames.inbound(p.port()));
        chains.addAll(chains(ClusterNames.inbound(p.port()), p.port(), peerAuthentication.modeFor(p.port()),
            p.protocol().isHttp(), filter, trustDomain));
      }
      Filter passthrough = TcpProxies.toCluster(ClusterNames.INBOUND_PASSTHROUGH);
      // Istio adds catch-all chains for policy ports no service declares, so that their mode applies.
      peerAuthentication.portLevel().forEach((port, mode) -> {
        if (!served.contains(port)) {
          chains.addAll(chains(CATCH_ALL, port, mode, false, passthrough, trustDomain));
        }
      });
      chains.addAll(chains(CATCH_ALL, 0, peerAuthentication.mode(), false, passthrough, trustDomain));
      return Listener.newBuilder()
          .setName("virtualInbound")
          .setAddress(Protos.socket("0.0.0.0", VIRTUAL_INBOUND_PORT))
          .setTrafficDirection(TrafficDirection.INBOUND)
          .addAllListenerFilters(InboundListenerFilters.of(chains))
          .setListenerFiltersTimeout(Protos.ZERO)
          .setContinueOnListenerFiltersTimeout(true)
          .addAllFilterChains(chains)
          .build();
    });
  }

  /** The chains of one port ({@code 0}: any port) in {@code mode}, all ending in {@code filter}. */
  private static List<FilterChain> chains(String name, int port, MtlsMode mode, boolean http, Filter filter,
      String trustDomain) {
    List<FilterChain> out = new ArrayList<>();
    for (InboundChainMatches.Option o : InboundChainMatches.forPort(mode, http)) {
      FilterChainMatch.Builder match = FilterChainMatch.newBuilder()
          .addAllApplicationProtocols(o.applicationProtocols())
          .setTransportProtocol(o.transportProtocol());
      if (port != 0) {
        match.setDestinationPort(Protos.u32(port));
      }
      FilterChain.Builder chain = FilterChain.newBuilder().setName(name).setFilterChainMatch(match).addFilters(filter);
      if (o.terminateTls()) {
        chain.setTransportSocket(mtls(http, trustDomain));
      }
      out.add(chain.build());
    }
    return out;
  }

  private static TransportSocket mtls(boolean http, String trustDomain) {
    return ClusterTransportSockets.tls(InboundTlsContexts.mutual(http, trustDomain));
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

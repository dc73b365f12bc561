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
import java.util.Map;
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
 *
 * <p>Each chain enforces the port's security policies before anything else: HTTP chains verify
 * JWTs ({@code jwt_authn}) and then authorize ({@link RbacFilters}) in the connection manager, TCP
 * chains authorize with network filters before {@code tcp_proxy}; the catch-all chains enforce the
 * policies that apply to the workload as a whole, so that a port no service declares is no way
 * around them.
 */
final class InboundListenerBuilder {
  static final int VIRTUAL_INBOUND_PORT = 15006;
  static final String CATCH_ALL = "virtualInbound-catchall-tcp";

  private InboundListenerBuilder() {}

  private record Key(List<InboundPort> ports, MergedPeerAuthentication peerAuthentication,
      Map<Integer, PortPolicies> policies, PortPolicies catchAll) {}

  /**
   * @param policies the security policies of each port of {@code ports}
   * @param catchAll the policies of ports no service declares
   */
  static Listener build(PushContext push, List<InboundPort> ports, MergedPeerAuthentication peerAuthentication,
      Map<Integer, PortPolicies> policies, PortPolicies catchAll) {
    return push.memo(new Key(ports, peerAuthentication, policies, catchAll), () -> {
      String trustDomain = push.mesh().trustDomain();
      List<FilterChain> chains = new ArrayList<>();
      Set<Integer> served = new TreeSet<>();
      for (InboundPort p : ports) {
        served.add(p.port());
        PortPolicies pp = policies.getOrDefault(p.port(), PortPolicies.NONE);
        List<Filter> filters = p.protocol().isHttp() ? List.of(httpFilter(push, p, pp))
            : tcpFilters(push, pp, ClusterNames.inbound(p.port()));
        chains.addAll(chains(ClusterNames.inbound(p.port()), p.port(), peerAuthentication.modeFor(p.port()),
            p.protocol().isHttp(), filters, trustDomain));
      }
      List<Filter> passthrough = tcpFilters(push, catchAll, ClusterNames.INBOUND_PASSTHROUGH);
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

  /** The connection manager of an HTTP port: JWT, then authorization, then Istio's filters. */
  private static Filter httpFilter(PushContext push, InboundPort p, PortPolicies policies) {
    return HttpConnectionManagers.filter(HttpConnectionManagers.sidecarInbound("inbound_0.0.0.0_" + p.port(),
        routes(p), push.mesh().pathNormalization(), policies.httpFilters(push)));
  }

  /** Authorization network filters, then a TCP proxy to {@code cluster}. */
  private static List<Filter> tcpFilters(PushContext push, PortPolicies policies, String cluster) {
    List<Filter> out = new ArrayList<>(policies.networkFilters(push));
    out.add(TcpProxies.toCluster(cluster));
    return List.copyOf(out);
  }

  /** The chains of one port ({@code 0}: any port) in {@code mode}, all running {@code filters}. */
  private static List<FilterChain> chains(String name, int port, MtlsMode mode, boolean http, List<Filter> filters,
      String trustDomain) {
    List<FilterChain> out = new ArrayList<>();
    for (InboundChainMatches.Option o : InboundChainMatches.forPort(mode, http)) {
      FilterChainMatch.Builder match = FilterChainMatch.newBuilder()
          .addAllApplicationProtocols(o.applicationProtocols())
          .setTransportProtocol(o.transportProtocol());
      if (port != 0) {
        match.setDestinationPort(Protos.u32(port));
      }
      FilterChain.Builder chain = FilterChain.newBuilder().setName(name).setFilterChainMatch(match)
          .addAllFilters(filters);
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

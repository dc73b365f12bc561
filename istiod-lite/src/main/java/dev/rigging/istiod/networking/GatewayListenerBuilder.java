package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.HostNames;
import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.model.ResolvedVirtualService;
import dev.rigging.mesh.api.networking.VirtualService;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GatewayListenerBuilder} builds a gateway proxy's listeners from the servers of the
 * Gateways selecting it, one {@code 0.0.0.0_PORT} listener per port, like Istio: plain HTTP
 * servers share one connection manager with routes {@code http.PORT}; each HTTPS server with TLS
 * termination gets a chain matched on its hosts (SNI) with its TLS context and routes
 * {@code https.PORT.NAME.GATEWAY.NAMESPACE}; TLS passthrough servers get one chain per SNI match of
 * the bound VirtualServices' {@code tls} routes, proxying TCP to their destinations (first SNI wins
 * on duplicates); TCP servers proxy to the bound {@code tcp} routes. The TLS inspector is added
 * whenever a chain matches on SNI. Every chain enforces the AuthorizationPolicies and
 * RequestAuthentications that select the gateway workload: JWT and RBAC HTTP filters in connection
 * managers, RBAC network filters before TCP proxies.
 */
final class GatewayListenerBuilder {
  private GatewayListenerBuilder() {}

  private record Key(ProxyScope scope, PortPolicies policies) {}

  /** The gateway's listeners, enforcing {@code policies} (those that select the gateway workload). */
  static List<Listener> build(PushContext push, ProxyScope scope, PortPolicies policies) {
    return push.memo(new Key(scope, policies), () -> {
      List<Listener> out = new ArrayList<>();
      for (GatewayServers.Port port : GatewayServers.of(push, scope)) {
        Listener.Builder l = Listeners.named("0.0.0.0", port.number(), TrafficDirection.OUTBOUND);
        if (port.http()) {
          l.addFilterChains(FilterChain.newBuilder().addFilters(HttpConnectionManagers.filter(
              HttpConnectionManagers.gateway("outbound_0.0.0.0_" + port.number(), "http." + port.number(),
                  push.mesh().pathNormalization(), policies.httpFilters(push)))));
        } else {
          Set<String> usedSni = new HashSet<>();
          for (GatewayServers.Server s : port.servers()) {
            l.addAllFilterChains(chains(push, scope, s, usedSni, policies));
          }
        }
        if (l.getFilterChainsCount() == 0) {
          continue;
        }
        if (l.getFilterChainsList().stream().anyMatch(Listeners::inspectsTls)) {
          l.addListenerFilters(Listeners.TLS_INSPECTOR);
        }
        out.add(l.build());
      }
      return List.copyOf(out);
    });
  }

  private static List<FilterChain> chains(PushContext push, ProxyScope scope, GatewayServers.Server s,
      Set<String> usedSni, PortPolicies policies) {
    FilterChainMatch sni = FilterChainMatch.newBuilder().addAllServerNames(s.sniHosts()).build();
    boolean terminates = s.kind() == GatewayServers.Kind.HTTPS_TERMINATE
        || s.kind() == GatewayServers.Kind.TLS_TERMINATE;
    if (terminates && !claimSni(usedSni, s.sniHosts())) {
      // Envoy rejects two chains with the same match: like Istio, the first server keeps the hosts.
      return List.of();
    }
    switch (s.kind()) {
      case HTTPS_TERMINATE -> {
        String stat = s.server().name() != null && !s.server().name().isEmpty() ? s.server().name()
            : "outbound_0.0.0.0_" + s.port();
        return List.of(FilterChain.newBuilder()
            .setFilterChainMatch(sni)
            .setTransportSocket(GatewayTlsContexts.socket(s.server().tls(), true))
            .addFilters(HttpConnectionManagers.filter(HttpConnectionManagers.gateway(stat, s.routeName(),
                push.mesh().pathNormalization(), policies.httpFilters(push))))
            .build());
      }
      case TLS_PASSTHROUGH -> {
        return passthrough(push, scope, s, usedSni, policies.networkFilters(push));
      }
      case TLS_TERMINATE, TCP -> {
        Filter tcp = tcpRoute(push, scope, s);
        if (tcp == null || (s.kind() == GatewayServers.Kind.TCP && !claimSni(usedSni, List.of()))) {
          return List.of();
        }
        FilterChain.Builder c = FilterChain.newBuilder().addAllFilters(policies.networkFilters(push)).addFilters(tcp);
        if (s.kind() == GatewayServers.Kind.TLS_TERMINATE) {
          c.setFilterChainMatch(sni).setTransportSocket(GatewayTlsContexts.socket(s.server().tls(), false));
        }
        return List.of(c.build());
      }
      default -> {
        return List.of();
      }
    }
  }

  private static List<FilterChain> passthrough(PushContext push, ProxyScope scope, GatewayServers.Server s,
      Set<String> usedSni, List<Filter> authorization) {
    List<FilterChain> out = new ArrayList<>();
    for (ResolvedVirtualService vs : push.virtualServices(s.gateway(), scope.namespace())) {
      if (!bindsHosts(s, vs)) {
        continue;
      }
      RouteContext ctx = new RouteContext(push, scope, s.port(), Set.of(s.gateway()), true, null);
      for (VirtualService.TLSRoute r : vs.spec().tls()) {
        if (r.route().isEmpty()) {
          continue;
        }
        for (VirtualService.TLSMatchAttributes m : r.match()) {
          if (!l4Matches(ctx, vs, m.port(), m.gateways(), m.sourceLabels(), m.sourceNamespace(), s)) {
            continue;
          }
          List<String> hosts = m.sniHosts().stream().map(vs::resolveHost).toList();
          if (!claimSni(usedSni, hosts)) {
            continue;
          }
          out.add(FilterChain.newBuilder()
              .setFilterChainMatch(FilterChainMatch.newBuilder().addAllServerNames(hosts))
              .addAllFilters(authorization)
              .addFilters(TcpProxies.toDestinations(r.route(), d -> ctx.cluster(vs, d),
                  vs.name() + "." + vs.namespace()))
              .build());
        }
      }
    }
    return out;
  }

  private static Filter tcpRoute(PushContext push, ProxyScope scope, GatewayServers.Server s) {
    for (ResolvedVirtualService vs : push.virtualServices(s.gateway(), scope.namespace())) {
      if (!bindsHosts(s, vs)) {
        continue;
      }
      RouteContext ctx = new RouteContext(push, scope, s.port(), Set.of(s.gateway()), false, null);
      for (VirtualService.TCPRoute r : vs.spec().tcp()) {
        if (!r.route().isEmpty() && (r.match().isEmpty() || r.match().stream().anyMatch(m ->
            l4Matches(ctx, vs, m.port(), m.gateways(), m.sourceLabels(), m.sourceNamespace(), s)))) {
          return TcpProxies.toDestinations(r.route(), d -> ctx.cluster(vs, d), vs.name() + "." + vs.namespace());
        }
      }
    }
    return null;
  }

  /** Claims SNI names for a chain on this port; false if one is taken ({@code ""} stands for "no SNI match"). */
  private static boolean claimSni(Set<String> used, List<String> hosts) {
    List<String> keys = hosts.isEmpty() ? List.of("") : hosts;
    if (keys.stream().anyMatch(used::contains)) {
      return false;
    }
    used.addAll(keys);
    return true;
  }

  /** Whether some host of {@code vs} is among the server's hosts open to the VirtualService's namespace. */
  private static boolean bindsHosts(GatewayServers.Server s, ResolvedVirtualService vs) {
    for (String serverHost : s.hostsFor(vs.namespace())) {
      for (String h : vs.hosts()) {
        if (HostNames.overlaps(serverHost, h)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean l4Matches(RouteContext ctx, ResolvedVirtualService vs, Integer port, List<String> gateways,
      Map<String, String> sourceLabels, String sourceNamespace, GatewayServers.Server s) {
    if (port != null && port != 0 && port != s.port()) {
      return false;
    }
    if (!gateways.isEmpty() && gateways.stream().map(vs::resolveGateway).noneMatch(s.gateway()::equals)) {
      return false;
    }
    return ctx.push().sourceLabelsMatch(ctx.scope(), sourceLabels)
        && (sourceNamespace == null || sourceNamespace.isEmpty() || sourceNamespace.equals(ctx.scope().namespace()));
  }
}

package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.HostNames;
import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.model.ResolvedVirtualService;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GatewayRouteBuilder} builds a gateway's route configurations, like Istio: for each route
 * name ({@code http.PORT}, {@code https.PORT.NAME.GATEWAY.NAMESPACE}) the VirtualServices bound to
 * the servers' Gateways (by {@code namespace/name}, exported to the gateway's namespace, hosts
 * allowed by the server's {@code namespace/host} list) give one virtual host per intersecting host;
 * catch-all routes go last, identical route lists share one virtual host, and a route
 * configuration without virtual hosts gets a 404 {@code blackhole} host.
 */
final class GatewayRouteBuilder {
  private GatewayRouteBuilder() {}

  private record RoutesKey(ProxyScope scope, String gateway, ResolvedVirtualService vs, int port, boolean tls) {}

  static List<RouteConfiguration> build(PushContext push, ProxyScope scope) {
    Map<String, List<GatewayServers.Server>> byRoute = new TreeMap<>();
    for (GatewayServers.Port p : GatewayServers.of(push, scope)) {
      for (GatewayServers.Server s : p.servers()) {
        if (!s.routeName().isEmpty()) {
          byRoute.computeIfAbsent(s.routeName(), r -> new ArrayList<>()).add(s);
        }
      }
    }
    List<RouteConfiguration> out = new ArrayList<>();
    byRoute.forEach((name, servers) -> out.add(routeConfig(push, scope, name, servers)));
    return out;
  }

  private static RouteConfiguration routeConfig(PushContext push, ProxyScope scope, String name,
      List<GatewayServers.Server> servers) {
    Map<String, VirtualHost.Builder> vhosts = new LinkedHashMap<>();
    for (GatewayServers.Server server : servers) {
      int port = server.port();
      boolean tls = server.server().tls() != null;
      boolean redirect = tls && Boolean.TRUE.equals(server.server().tls().httpsRedirect());
      for (ResolvedVirtualService vs : push.virtualServices(server.gateway(), scope.namespace())) {
        List<String> hosts = intersection(server.hostsFor(vs.namespace()), vs.hosts());
        if (hosts.isEmpty()) {
          continue;
        }
        List<Route> routes = push.memo(new RoutesKey(scope, server.gateway(), vs, port, tls),
            () -> List.copyOf(HttpRouteTranslator.routes(
                new RouteContext(push, scope, port, Set.of(server.gateway()), tls, null), vs)));
        if (routes.isEmpty()) {
          continue;
        }
        for (String h : hosts) {
          String host = h.toLowerCase(Locale.ROOT);
          VirtualHost.Builder vh = vhosts.computeIfAbsent(host, x -> VirtualHost.newBuilder()
              .setName(host + ":" + port).addDomains(host).setIncludeRequestAttemptCount(true));
          vh.addAllRoutes(routes);
          if (redirect) {
            vh.setRequireTls(VirtualHost.TlsRequirementType.ALL);
          }
        }
      }
      if (redirect) {
        for (String h : server.hostsFor(server.config().namespace())) {
          String host = h.toLowerCase(Locale.ROOT);
          vhosts.computeIfAbsent(host, x -> VirtualHost.newBuilder().setName(host + ":" + port).addDomains(host)
              .setIncludeRequestAttemptCount(true)).setRequireTls(VirtualHost.TlsRequirementType.ALL);
        }
      }
    }
    List<VirtualHost> out = new ArrayList<>();
    if (vhosts.isEmpty()) {
      out.add(VirtualHost.newBuilder().setName("blackhole:" + servers.get(0).port()).addDomains("*").build());
    } else {
      out.addAll(collapse(vhosts));
    }
    out.sort(Comparator.comparing(VirtualHost::getName));
    return RouteConfiguration.newBuilder()
        .setName(name)
        .addAllVirtualHosts(out)
        .setValidateClusters(Protos.bool(false))
        .setIgnorePortInHostMatching(true)
        .setMaxDirectResponseBodySizeBytes(RouteBuilder.MAX_DIRECT_RESPONSE_BODY)
        .build();
  }

  /** Istio's route collapse: hosts with identical routes share one virtual host (the first host's, by name). */
  private static List<VirtualHost> collapse(Map<String, VirtualHost.Builder> byHost) {
    Map<String, VirtualHost.Builder> sorted = new TreeMap<>(byHost);
    List<VirtualHost.Builder> kept = new ArrayList<>();
    for (VirtualHost.Builder vh : sorted.values()) {
      List<Route> routes = sortCatchAllLast(vh.getRoutesList());
      vh.clearRoutes().addAllRoutes(routes);
      VirtualHost.Builder same = kept.stream()
          .filter(k -> k.getRoutesList().equals(routes) && k.getRequireTls() == vh.getRequireTls())
          .findFirst().orElse(null);
      if (same != null) {
        same.addAllDomains(vh.getDomainsList());
      } else {
        kept.add(vh);
      }
    }
    return kept.stream().map(VirtualHost.Builder::build).toList();
  }

  private static List<Route> sortCatchAllLast(List<Route> routes) {
    List<Route> out = new ArrayList<>();
    List<Route> catchAll = new ArrayList<>();
    for (Route r : routes) {
      (RouteMatchTranslator.isCatchAll(r.getMatch()) ? catchAll : out).add(r);
    }
    out.addAll(catchAll);
    return out;
  }

  /** Istio's host intersection: for each overlapping pair, the more specific name. */
  static List<String> intersection(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>();
    for (String x : a) {
      for (String y : b) {
        String pick = HostNames.subsetOf(x, y) ? x : HostNames.subsetOf(y, x) ? y : null;
        if (pick != null && !out.contains(pick)) {
          out.add(pick);
        }
      }
    }
    return out;
  }
}

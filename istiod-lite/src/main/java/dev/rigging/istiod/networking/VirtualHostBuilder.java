package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.HostNames;
import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.model.ResolvedDestinationRule;
import dev.rigging.istiod.model.ResolvedVirtualService;
import dev.rigging.istiod.model.SidecarScope;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.ServiceKey;
import io.envoyproxy.envoy.config.route.v3.Decorator;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code VirtualHostBuilder} builds the outbound virtual hosts of one port for sidecars and
 * proxyless clients, like Istio's sidecar route generation: a virtual host per service host
 * claimed by a VirtualService that has routes for these proxies (exact hosts; wildcard hosts claim
 * the services for which they are the most specific match), VirtualService hosts outside the
 * registry (on port 80, or alongside registry hosts), and a default route for every other service.
 * Duplicate names and domains keep the first, as in Istio.
 */
final class VirtualHostBuilder {
  private VirtualHostBuilder() {}

  /** One planned virtual host: a registry service (or a non-registry host) and its VirtualService, if any. */
  record Spec(String host, MeshService service, ResolvedVirtualService virtualService) {}

  /** The planned virtual hosts of a port in build order, and the first one of each service. */
  record Plan(List<Spec> specs, Map<ServiceKey, Spec> byService) {}

  private record PlanKey(ProxyScope scope, int port) {}

  private record RoutesKey(ProxyScope scope, ResolvedVirtualService vs, int port, String targetHost) {}

  private record DefaultRouteKey(ServiceKey service, int port, boolean proxyless, ResolvedDestinationRule rule) {}

  /** The planned virtual hosts of {@code port} for {@code scope}, in Istio's build order. */
  static Plan plan(PushContext push, ProxyScope scope, int port) {
    return push.memo(new PlanKey(scope, port), () -> {
      List<Spec> specs = computePlan(push, scope, port);
      Map<ServiceKey, Spec> byService = new HashMap<>();
      for (Spec s : specs) {
        if (s.service() != null) {
          byService.putIfAbsent(s.service().key(), s);
        }
      }
      return new Plan(specs, byService);
    });
  }

  private static List<Spec> computePlan(PushContext push, ProxyScope scope, int port) {
    SidecarScope sc = push.sidecarScope(scope);
    Map<String, MeshService> byHost = new LinkedHashMap<>();
    for (MeshService s : sc.servicesOnPort(port)) {
      if (scope.isProxyless() || s.port(port).orElseThrow().protocol().isHttp()) {
        byHost.put(s.hostname(), s);
      }
    }
    List<String> wildcardServiceHosts = byHost.keySet().stream().filter(HostNames::isWildcard).toList();
    List<ResolvedVirtualService> candidates = new ArrayList<>();
    for (ResolvedVirtualService vs : push.virtualServices(ResolvedVirtualService.MESH, scope.namespace())) {
      // Both tests are pure; the host lookup first, because it rejects nearly every VirtualService of
      // a large mesh at the cost of a hash lookup, where the import test walks the egress hosts.
      if ((port == 80 || matchesAnyService(vs, byHost, wildcardServiceHosts))
          && sc.importsVirtualService(vs, port)) {
        candidates.add(vs);
      }
    }
    Map<String, ResolvedVirtualService> wildcardOwner = wildcardOwners(candidates, byHost);
    List<Spec> specs = new ArrayList<>();
    Set<String> claimed = new HashSet<>();
    for (ResolvedVirtualService vs : candidates) {
      // Whether a VirtualService claims its hosts depends only on having routes for these proxies.
      if (routes(push, scope, vs, port, scope.isProxyless() ? "" : null).isEmpty()) {
        continue;
      }
      List<MeshService> services = new ArrayList<>();
      List<String> nonRegistry = new ArrayList<>();
      vs.hosts().stream().filter(h -> !HostNames.isWildcard(h)).forEach(h -> {
        MeshService s = byHost.get(h);
        if (s != null) {
          services.add(s);
        } else {
          nonRegistry.add(h);
        }
      });
      vs.hosts().stream().filter(HostNames::isWildcard).forEach(h -> {
        boolean found = false;
        for (MeshService s : byHost.values()) {
          if (HostNames.overlaps(s.hostname(), h)) {
            found = true;
            if (wildcardOwner.get(s.hostname()) == vs) {
              services.add(s);
            }
          }
        }
        if (!found) {
          nonRegistry.add(h);
        }
      });
      if (services.isEmpty() && port != 80) {
        continue;
      }
      nonRegistry.forEach(h -> specs.add(new Spec(h, null, vs)));
      services.forEach(s -> specs.add(new Spec(s.hostname(), s, vs)));
      services.forEach(s -> claimed.add(s.hostname()));
    }
    for (MeshService s : byHost.values()) {
      if (!claimed.contains(s.hostname())) {
        specs.add(new Spec(s.hostname(), s, null));
      }
    }
    return List.copyOf(specs);
  }

  /** Istio's selectVirtualServices: a host of the VirtualService is a service host, or overlaps one by wildcard. */
  private static boolean matchesAnyService(ResolvedVirtualService vs, Map<String, MeshService> byHost,
      List<String> wildcardServiceHosts) {
    for (String h : vs.hosts()) {
      if (byHost.containsKey(h)) {
        return true;
      }
      Iterable<String> others = HostNames.isWildcard(h) ? byHost.keySet() : wildcardServiceHosts;
      for (String svcHost : others) {
        if (HostNames.overlaps(h, svcHost)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Per service host without an exact VirtualService host: the VirtualService with the most specific wildcard. */
  private static Map<String, ResolvedVirtualService> wildcardOwners(List<ResolvedVirtualService> vss,
      Map<String, MeshService> byHost) {
    Set<String> exact = new HashSet<>();
    Map<String, ResolvedVirtualService> wildcards = new LinkedHashMap<>();
    for (ResolvedVirtualService vs : vss) {
      for (String h : vs.hosts()) {
        if (HostNames.isWildcard(h)) {
          wildcards.putIfAbsent(h, vs);
        } else {
          exact.add(h);
        }
      }
    }
    Map<String, ResolvedVirtualService> owners = new HashMap<>();
    for (String svcHost : byHost.keySet()) {
      if (exact.contains(svcHost)) {
        continue;
      }
      wildcards.keySet().stream().filter(w -> HostNames.subsetOf(svcHost, w)).min(HostNames.MOST_SPECIFIC_FIRST)
          .ifPresent(w -> owners.put(svcHost, wildcards.get(w)));
    }
    return owners;
  }

  /** Envoy sidecar virtual hosts of {@code port}, sorted by name (without the catch-all). */
  static List<VirtualHost> forPort(PushContext push, ProxyScope scope, int port) {
    List<Spec> specs = plan(push, scope, port).specs();
    Set<String> knownFqdn = new HashSet<>();
    for (Spec s : specs) {
      if (s.service() != null) {
        knownFqdn.add(s.host());
        knownFqdn.add(s.host() + ":" + port);
      }
    }
    Set<String> names = new HashSet<>();
    Set<String> usedDomains = new HashSet<>();
    List<VirtualHost> out = new ArrayList<>();
    for (Spec s : specs) {
      VirtualHost vh = build(push, scope, port, s, null, names, usedDomains, knownFqdn);
      if (vh != null) {
        out.add(vh);
      }
    }
    out.sort(Comparator.comparing(VirtualHost::getName));
    return out;
  }

  /** The virtual host of {@code service} on {@code port} for a proxyless client, or null. */
  static VirtualHost forService(PushContext push, ProxyScope scope, MeshService service, int port) {
    Spec s = plan(push, scope, port).byService().get(service.key());
    if (s == null) {
      return null;
    }
    Set<String> fqdn = Set.of(s.host(), s.host() + ":" + port);
    return build(push, scope, port, s, service.hostname(), new HashSet<>(), new HashSet<>(), fqdn);
  }

  private static VirtualHost build(PushContext push, ProxyScope scope, int port, Spec s, String targetHost,
      Set<String> names, Set<String> usedDomains, Set<String> knownFqdn) {
    String name = s.host() + ":" + port;
    if (!names.add(name)) {
      return null;
    }
    List<String> domains;
    List<String> expanded;
    if (s.service() != null) {
      VirtualHostDomains.Domains d = VirtualHostDomains.of(s.service(), port, scope.dnsDomain(), scope.isProxyless());
      domains = d.all();
      expanded = d.expanded();
    } else {
      domains = new ArrayList<>();
      VirtualHostDomains.appendDomainPort(domains, s.host(), scope.isProxyless() ? port : null);
      expanded = List.of();
    }
    List<String> kept = new ArrayList<>();
    for (String d : domains) {
      if (usedDomains.contains(d.toLowerCase(Locale.ROOT)) || (expanded.contains(d) && knownFqdn.contains(d))) {
        continue;
      }
      kept.add(d);
      usedDomains.add(d.toLowerCase(Locale.ROOT));
    }
    if (kept.isEmpty()) {
      return null;
    }
    List<Route> routes = s.virtualService() == null
        ? List.of(defaultRoute(push, scope, s.service(), port))
        : routes(push, scope, s.virtualService(), port, targetHost);
    return VirtualHost.newBuilder()
        .setName(name)
        .addAllDomains(kept)
        .addAllRoutes(routes)
        .setIncludeRequestAttemptCount(true)
        .build();
  }

  private static List<Route> routes(PushContext push, ProxyScope scope, ResolvedVirtualService vs, int port,
      String targetHost) {
    return push.memo(new RoutesKey(scope, vs, port, targetHost), () -> List.copyOf(HttpRouteTranslator.routes(
        new RouteContext(push, scope, port, Set.of(ResolvedVirtualService.MESH), false, targetHost), vs)));
  }

  /** Istio's route for a service without VirtualService: everything to its default cluster. */
  static Route defaultRoute(PushContext push, ProxyScope scope, MeshService svc, int port) {
    ResolvedDestinationRule rule = push.destinationRule(scope, svc);
    return push.memo(new DefaultRouteKey(svc.key(), port, scope.isProxyless(), rule), () -> {
      RouteAction.Builder action = RouteAction.newBuilder()
          .setCluster(ClusterNames.outbound(port, "", svc.hostname()))
          .setRetryPolicy(RoutePolicyTranslator.retry(null, false));
      RouteActionTranslator.timeout(action, Protos.ZERO, scope.isProxyless());
      RouteAction.HashPolicy hash = RouteContext.hashPolicy(
          new RouteContext(push, scope, port, Set.of(), false, null).hashForService(svc, port));
      if (hash != null) {
        action.addHashPolicy(hash);
      }
      return Route.newBuilder()
          .setName("default")
          .setMatch(RouteMatchTranslator.catchAll())
          .setDecorator(Decorator.newBuilder().setOperation(svc.hostname() + ":" + port + "/*"))
          .setRoute(action)
          .build();
    });
  }
}

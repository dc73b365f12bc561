package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.model.ResolvedDestinationRule;
import dev.rigging.istiod.model.ResolvedVirtualService;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.mesh.api.networking.Destination;
import dev.rigging.mesh.api.networking.DestinationRule;
import dev.rigging.mesh.api.networking.DestinationRule.ConsistentHashLB;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import java.util.List;
import java.util.Set;

/**
 * {@code RouteContext} is what HTTP route translation needs to know about where the routes go: the
 * proxies' scope, the listener port, the gateway names routes may bind to ({@code mesh} for
 * sidecars and proxyless clients), whether the listener terminates TLS, and how destination hosts
 * resolve to services (sidecars see the service on the listener port; gateways prefer the
 * definition in the VirtualService's namespace). {@code targetHost} is the service a proxyless
 * route configuration is for (null otherwise): gRPC has no direct responses, so they become
 * aborts on a route to that service.
 */
record RouteContext(PushContext push, ProxyScope scope, int listenerPort, Set<String> gatewayNames, boolean tls,
    String targetHost) {

  RouteContext {
    gatewayNames = Set.copyOf(gatewayNames);
  }

  boolean proxyless() {
    return scope.isProxyless();
  }

  boolean gateway() {
    return scope.isRouter();
  }

  /** The service a destination host of {@code vs} refers to, or null if the proxies cannot see one. */
  MeshService service(ResolvedVirtualService vs, String host) {
    List<MeshService> defs = push.serviceDefinitions(host, scope.namespace());
    if (defs.isEmpty()) {
      return null;
    }
    if (gateway() && vs != null) {
      for (MeshService s : defs) {
        if (s.namespace().equals(vs.namespace())) {
          return s;
        }
      }
    }
    return defs.get(0);
  }

  /**
   * The port of a destination: its own, else (gateways) the service's only port, else the listener
   * port, as Istio infers it.
   */
  int destinationPort(ResolvedVirtualService vs, Destination d) {
    if (d.portNumber() != null) {
      return d.portNumber();
    }
    if (gateway()) {
      MeshService s = service(vs, vs.resolveHost(d.host()));
      if (s != null && s.ports().size() == 1) {
        return s.ports().get(0).port();
      }
    }
    return listenerPort;
  }

  /** {@code outbound|PORT|SUBSET|HOST} for a destination of {@code vs}. */
  String cluster(ResolvedVirtualService vs, Destination d) {
    return ClusterNames.outbound(destinationPort(vs, d), d.subset(), vs.resolveHost(d.host()));
  }

  /**
   * The consistent hash of a route destination, by Istio's precedence: subset port-level, subset,
   * port-level (only for an explicit destination port), destination level.
   */
  ConsistentHashLB hashFor(ResolvedVirtualService vs, Destination d) {
    MeshService svc = service(vs, vs.resolveHost(d.host()));
    ResolvedDestinationRule rule = svc == null ? null : push.destinationRule(scope, svc);
    if (rule == null) {
      return null;
    }
    ConsistentHashLB hash = hashOf(rule.trafficPolicy() == null ? null : rule.trafficPolicy().loadBalancer());
    ConsistentHashLB portHash = d.portNumber() == null ? null : portLevelHash(rule.trafficPolicy(), d.portNumber());
    ConsistentHashLB subsetHash = null;
    ConsistentHashLB subsetPortHash = null;
    if (d.subset() != null) {
      var subset = rule.subset(d.subset()).orElse(null);
      if (subset != null && subset.trafficPolicy() != null) {
        subsetHash = hashOf(subset.trafficPolicy().loadBalancer());
        subsetPortHash = d.portNumber() == null ? null : portLevelHash(subset.trafficPolicy(), d.portNumber());
      }
    }
    if (subsetPortHash != null) {
      return subsetPortHash;
    }
    if (subsetHash != null) {
      return subsetHash;
    }
    return portHash != null ? portHash : hash;
  }

  /** The consistent hash for the default route of {@code svc} on {@code port}. */
  ConsistentHashLB hashForService(MeshService svc, int port) {
    ResolvedDestinationRule rule = push.destinationRule(scope, svc);
    if (rule == null || rule.trafficPolicy() == null) {
      return null;
    }
    for (DestinationRule.PortTrafficPolicy p : rule.trafficPolicy().portLevelSettings()) {
      if (p.port() != null && p.port().number() != null && p.port().number() == port) {
        ConsistentHashLB h = hashOf(p.loadBalancer());
        if (h != null) {
          return h;
        }
        break;
      }
    }
    return hashOf(rule.trafficPolicy().loadBalancer());
  }

  private static ConsistentHashLB portLevelHash(DestinationRule.TrafficPolicy policy, int port) {
    if (policy == null) {
      return null;
    }
    for (DestinationRule.PortTrafficPolicy p : policy.portLevelSettings()) {
      if (p.port() != null && p.port().number() != null && p.port().number() == port) {
        return hashOf(p.loadBalancer());
      }
    }
    return null;
  }

  private static ConsistentHashLB hashOf(DestinationRule.LoadBalancerSettings lb) {
    return lb == null ? null : lb.consistentHash();
  }

  /** Envoy's hash policy for a consistent hash, or null when it has no key. */
  static RouteAction.HashPolicy hashPolicy(ConsistentHashLB hash) {
    if (hash == null) {
      return null;
    }
    RouteAction.HashPolicy.Builder p = RouteAction.HashPolicy.newBuilder();
    if (hash.httpHeaderName() != null) {
      return p.setHeader(RouteAction.HashPolicy.Header.newBuilder().setHeaderName(hash.httpHeaderName())).build();
    }
    if (hash.httpCookie() != null) {
      var c = RouteAction.HashPolicy.Cookie.newBuilder()
          .setName(java.util.Objects.requireNonNullElse(hash.httpCookie().name(), ""));
      if (hash.httpCookie().ttl() != null) {
        c.setTtl(Protos.duration(hash.httpCookie().ttl()));
      }
      if (hash.httpCookie().path() != null) {
        c.setPath(hash.httpCookie().path());
      }
      return p.setCookie(c).build();
    }
    if (Boolean.TRUE.equals(hash.useSourceIp())) {
      return p.setConnectionProperties(RouteAction.HashPolicy.ConnectionProperties.newBuilder().setSourceIp(true))
          .build();
    }
    if (hash.httpQueryParameterName() != null) {
      return p.setQueryParameter(RouteAction.HashPolicy.QueryParameter.newBuilder()
          .setName(hash.httpQueryParameterName())).build();
    }
    return null;
  }
}

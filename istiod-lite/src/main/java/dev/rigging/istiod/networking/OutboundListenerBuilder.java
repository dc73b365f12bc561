package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.HostNames;
import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.model.ResolvedVirtualService;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.mesh.api.networking.Destination;
import dev.rigging.mesh.api.networking.VirtualService;
import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code OutboundListenerBuilder} builds a sidecar's outbound listeners like Istio:
 * {@code virtualOutbound} on 15001 (original destination; unmatched traffic goes to
 * PassthroughCluster or BlackHoleCluster per the outbound traffic policy), {@code 0.0.0.0_PORT}
 * per HTTP port (HTTP connection manager, RDS named by the port) and {@code VIP_PORT} per TCP
 * service port ({@code 0.0.0.0_PORT} without VIP, where TLS services are told apart by SNI and
 * services with a CIDR address by destination prefix).
 * Per-port listeners do not bind: 15001 hands connections to them.
 */
final class OutboundListenerBuilder {
  static final int VIRTUAL_OUTBOUND_PORT = 15001;

  private OutboundListenerBuilder() {}

  private record Key(ProxyScope scope) {}

  private record TcpRoutesKey(ProxyScope scope, int port) {}

  /** The mesh VirtualServices imported on a port, indexed by exact host, in precedence order. */
  private record TcpRoutes(List<ResolvedVirtualService> ordered, Map<String, List<Integer>> exact,
      List<Integer> wildcard) {

    static TcpRoutes of(PushContext push, ProxyScope scope, int port) {
      var sc = push.sidecarScope(scope);
      List<ResolvedVirtualService> ordered = push.virtualServices(ResolvedVirtualService.MESH, scope.namespace())
          .stream().filter(vs -> (!vs.spec().tcp().isEmpty() || !vs.spec().tls().isEmpty())
              && sc.importsVirtualService(vs, port)).toList();
      Map<String, List<Integer>> exact = new HashMap<>();
      List<Integer> wildcard = new ArrayList<>();
      for (int i = 0; i < ordered.size(); i++) {
        for (String h : ordered.get(i).hosts()) {
          if (HostNames.isWildcard(h)) {
            wildcard.add(i);
          } else {
            exact.computeIfAbsent(h, x -> new ArrayList<>()).add(i);
          }
        }
      }
      return new TcpRoutes(ordered, exact, wildcard);
    }

    /** VirtualServices with a host covering {@code host}, oldest first. */
    List<ResolvedVirtualService> covering(String host) {
      TreeSet<Integer> idx = new TreeSet<>(exact.getOrDefault(host, List.of()));
      for (int i : wildcard) {
        if (ordered.get(i).hosts().stream().anyMatch(h -> HostNames.subsetOf(host, h))) {
          idx.add(i);
        }
      }
      return idx.stream().map(ordered::get).toList();
    }
  }

  static List<Listener> build(PushContext push, ProxyScope scope) {
    return push.memo(new Key(scope), () -> {
      List<Listener> out = new ArrayList<>();
      out.add(virtualOutbound(push.sidecarScope(scope).allowAnyOutbound()));
      Map<String, Listener.Builder> tcp = new LinkedHashMap<>();
      for (OutboundPorts.PortServices p : OutboundPorts.of(push, scope)) {
        String wildcardName = "0.0.0.0_" + p.port();
        if (p.hasHttp()) {
          out.add(Listeners.named("0.0.0.0", p.port(), TrafficDirection.OUTBOUND)
              .setBindToPort(Protos.bool(false))
              .addFilterChains(FilterChain.newBuilder().addFilters(HttpConnectionManagers.filter(
                  HttpConnectionManagers.sidecarOutbound("outbound_" + wildcardName, Integer.toString(p.port()),
                      push.mesh().pathNormalization()))))
              .build());
        }
        for (MeshService s : p.tcp()) {
          String vip = s.addresses().isEmpty() ? null : s.addresses().get(0);
          boolean cidr = vip != null && vip.contains("/");
          String address = vip == null || cidr ? "0.0.0.0" : vip;
          if (p.hasHttp() && address.equals("0.0.0.0")) {
            continue;
          }
          FilterChainMatch match = null;
          if (cidr) {
            String[] parts = vip.split("/");
            match = FilterChainMatch.newBuilder().addPrefixRanges(CidrRange.newBuilder()
                .setAddressPrefix(parts[0]).setPrefixLen(Protos.u32(Integer.parseInt(parts[1])))).build();
          } else if (address.equals("0.0.0.0") && s.port(p.port()).orElseThrow().protocol().isTls()) {
            match = FilterChainMatch.newBuilder().addServerNames(s.hostname()).build();
          }
          String name = address + "_" + p.port();
          Listener.Builder l = tcp.get(name);
          if (l != null
              && (match == null || l.getFilterChainsList().stream().anyMatch(c -> !c.hasFilterChainMatch()))) {
            // Istio keeps the first service on a conflicting address and port.
            continue;
          }
          if (l == null) {
            l = Listeners.named(address, p.port(), TrafficDirection.OUTBOUND).setBindToPort(Protos.bool(false));
            tcp.put(name, l);
          }
          FilterChain.Builder chain = FilterChain.newBuilder().addFilters(tcpFilter(push, scope, s, p.port()));
          if (match != null) {
            chain.setFilterChainMatch(match);
          }
          l.addFilterChains(chain);
        }
      }
      for (Listener.Builder l : tcp.values()) {
        if (l.getFilterChainsList().stream().anyMatch(Listeners::inspectsTls)) {
          l.addListenerFilters(Listeners.TLS_INSPECTOR);
        }
        out.add(l.build());
      }
      out.sort(Comparator.comparing(Listener::getName));
      return List.copyOf(out);
    });
  }

  static Listener virtualOutbound(boolean allowAny) {
    String cluster = allowAny ? ClusterNames.PASSTHROUGH : ClusterNames.BLACKHOLE;
    return Listener.newBuilder()
        .setName("virtualOutbound")
        .setAddress(Protos.socket("0.0.0.0", VIRTUAL_OUTBOUND_PORT))
        .setUseOriginalDst(Protos.bool(true))
        .setTrafficDirection(TrafficDirection.OUTBOUND)
        .addFilterChains(FilterChain.newBuilder().setName("virtualOutbound-catchall-tcp")
            .addFilters(TcpProxies.toCluster(cluster)))
        .build();
  }

  /** The TCP proxy for {@code s} on {@code port}: the first matching VirtualService tcp/tls route, else its cluster. */
  private static Filter tcpFilter(PushContext push, ProxyScope scope, MeshService s, int port) {
    boolean tls = s.port(port).orElseThrow().protocol().isTls();
    TcpRoutes routes = push.memo(new TcpRoutesKey(scope, port), () -> TcpRoutes.of(push, scope, port));
    for (ResolvedVirtualService vs : routes.covering(s.hostname())) {
      if (tls) {
        for (VirtualService.TLSRoute r : vs.spec().tls()) {
          if (!r.route().isEmpty() && r.match().stream().anyMatch(m -> tlsMatches(push, scope, vs, m, s, port))) {
            return TcpProxies.toDestinations(r.route(), d -> cluster(vs, d, port), vs.name() + "." + vs.namespace());
          }
        }
      }
      for (VirtualService.TCPRoute r : vs.spec().tcp()) {
        if (!r.route().isEmpty() && (r.match().isEmpty()
            || r.match().stream().anyMatch(m -> l4Matches(push, scope, vs, m.port(), m.gateways(), m.sourceLabels(),
                m.sourceNamespace(), port)))) {
          return TcpProxies.toDestinations(r.route(), d -> cluster(vs, d, port), vs.name() + "." + vs.namespace());
        }
      }
    }
    return TcpProxies.toCluster(ClusterNames.outbound(port, "", s.hostname()));
  }

  private static boolean tlsMatches(PushContext push, ProxyScope scope, ResolvedVirtualService vs,
      VirtualService.TLSMatchAttributes m, MeshService s, int port) {
    boolean sni = m.sniHosts().isEmpty() || m.sniHosts().stream()
        .anyMatch(h -> HostNames.overlaps(vs.resolveHost(h), s.hostname()));
    return sni && l4Matches(push, scope, vs, m.port(), m.gateways(), m.sourceLabels(), m.sourceNamespace(), port);
  }

  /** Istio's L4 match for sidecars: port, the mesh gateway, source labels and namespace. */
  static boolean l4Matches(PushContext push, ProxyScope scope, ResolvedVirtualService vs, Integer matchPort,
      List<String> gateways, Map<String, String> sourceLabels, String sourceNamespace, int port) {
    if (matchPort != null && matchPort != 0 && matchPort != port) {
      return false;
    }
    if (!gateways.isEmpty()
        && gateways.stream().map(vs::resolveGateway).noneMatch(ResolvedVirtualService.MESH::equals)) {
      return false;
    }
    return push.sourceLabelsMatch(scope, sourceLabels)
        && (sourceNamespace == null || sourceNamespace.isEmpty() || sourceNamespace.equals(scope.namespace()));
  }

  private static String cluster(ResolvedVirtualService vs, Destination d, int port) {
    int p = d.portNumber() != null ? d.portNumber() : port;
    return ClusterNames.outbound(p, d.subset(), vs.resolveHost(d.host()));
  }
}

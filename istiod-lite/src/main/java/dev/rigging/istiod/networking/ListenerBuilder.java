package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.MergedPeerAuthentication;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.ProxyType;
import dev.rigging.istiod.model.PushContext;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code ListenerBuilder} is the LDS translation for a proxy: it picks the builders for its kind
 * (sidecar outbound and inbound, gateway, proxyless client and server) and returns their
 * listeners sorted by name. Inbound listeners enforce the security policies of each port.
 */
public final class ListenerBuilder {
  private ListenerBuilder() {}

  /**
   * @param sidecarInbound for sidecars, the PeerAuthentication their inbound chains follow; null otherwise
   * @param grpcServerMtls for proxyless servers, the inbound ports that serve mutual TLS
   * @param policies the security policies of each inbound port
   * @param catchAll the security policies of ports no service declares (gateways: of every listener)
   */
  private record ProxyKey(ProxyScope scope, List<InboundPort> inbound, MergedPeerAuthentication sidecarInbound,
      Set<Integer> grpcServerMtls, Map<Integer, PortPolicies> policies, PortPolicies catchAll) {}

  public static List<Listener> build(PushContext push, Proxy proxy) {
    ProxyScope scope = push.scope(proxy);
    List<InboundPort> inbound = scope.isRouter() ? List.of() : InboundPort.of(push.inboundInstances(proxy.ips()));
    MergedPeerAuthentication peerAuthentication = scope.isRouter() ? null
        : push.peerAuthentication(proxy.namespace(), proxy.labels());
    Set<Integer> grpcServerMtls = new TreeSet<>();
    if (scope.isProxyless()) {
      inbound.stream().filter(p -> ServerTransportSockets.grpcServerMtls(peerAuthentication, proxy.labels(), p.port()))
          .forEach(p -> grpcServerMtls.add(p.port()));
    }
    MergedPeerAuthentication sidecarInbound = scope.type() == ProxyType.SIDECAR ? peerAuthentication : null;
    Map<Integer, PortPolicies> byPort = new TreeMap<>();
    inbound.forEach(p -> byPort.put(p.port(), PortPolicies.of(push, proxy.namespace(), proxy.labels(), p.services())));
    Map<Integer, PortPolicies> policies = Map.copyOf(byPort);
    // for gateways: the policies that select the gateway workload, enforced on all its listeners
    PortPolicies catchAll = PortPolicies.of(push, proxy.namespace(), proxy.labels(), Set.of());
    ProxyKey key = new ProxyKey(scope, inbound, sidecarInbound, Set.copyOf(grpcServerMtls), policies, catchAll);
    return push.memo(key, () -> {
      List<Listener> out = new ArrayList<>();
      switch (scope.type()) {
        case SIDECAR -> {
          out.addAll(OutboundListenerBuilder.build(push, scope));
          out.add(InboundListenerBuilder.build(push, inbound, sidecarInbound, policies, catchAll));
        }
        case ROUTER -> out.addAll(GatewayListenerBuilder.build(push, scope, catchAll));
        case PROXYLESS -> {
          out.addAll(GrpcListenerBuilder.clients(push, scope));
          inbound.forEach(p -> out.add(GrpcListenerBuilder.server(push, scope, p, grpcServerMtls.contains(p.port()),
              policies.get(p.port()))));
        }
      }
      out.sort(Comparator.comparing(Listener::getName));
      return List.copyOf(out);
    });
  }
}

package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.PushContext;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code ListenerBuilder} is the LDS translation for a proxy: it picks the builders for its kind
 * (sidecar outbound and inbound, gateway, proxyless client and server) and returns their
 * listeners sorted by name.
 */
public final class ListenerBuilder {
  private ListenerBuilder() {}

  private record ProxyKey(ProxyScope scope, List<InboundPort> inbound) {}

  public static List<Listener> build(PushContext push, Proxy proxy) {
    ProxyScope scope = push.scope(proxy);
    List<InboundPort> inbound = scope.isRouter() ? List.of() : InboundPort.of(push.inboundInstances(proxy.ips()));
    return push.memo(new ProxyKey(scope, inbound), () -> {
      List<Listener> out = new ArrayList<>();
      switch (scope.type()) {
        case SIDECAR -> {
          out.addAll(OutboundListenerBuilder.build(push, scope));
          out.add(InboundListenerBuilder.build(push, inbound));
        }
        case ROUTER -> out.addAll(GatewayListenerBuilder.build(push, scope));
        case PROXYLESS -> {
          out.addAll(GrpcListenerBuilder.clients(push, scope));
          inbound.forEach(p -> out.add(GrpcListenerBuilder.server(push, scope, p)));
        }
      }
      out.sort(Comparator.comparing(Listener::getName));
      return List.copyOf(out);
    });
  }
}

package dev.rigging.istiod.networking;

import com.google.protobuf.UInt32Value;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.registry.ServiceKey;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code RouteBuilder} is the RDS translation for a proxy. Sidecars get one route configuration per
 * HTTP port, named by the port ({@code "9080"}), with the port's virtual hosts and a catch-all
 * ({@code allow_any} to PassthroughCluster or {@code block_all} answering 502, per the outbound
 * traffic policy). Proxyless clients get one per dial target, named {@code HOST:PORT}, with the
 * target's virtual host. Gateways get theirs from {@link GatewayRouteBuilder}.
 */
public final class RouteBuilder {
  /** Istio's limit for direct response bodies (the default 4 KiB is too small). */
  static final UInt32Value MAX_DIRECT_RESPONSE_BODY = Protos.u32(1024 * 1024);

  private RouteBuilder() {}

  private record ListKey(ProxyScope scope) {}

  private record SidecarKey(ProxyScope scope, int port) {}

  private record ProxylessKey(ProxyScope scope, ServiceKey service, int port) {}

  /** Every route configuration for {@code proxy}, sorted by name. */
  public static List<RouteConfiguration> build(PushContext push, Proxy proxy) {
    ProxyScope scope = push.scope(proxy);
    return push.memo(new ListKey(scope), () -> {
      List<RouteConfiguration> out = new ArrayList<>();
      switch (scope.type()) {
        case SIDECAR -> OutboundPorts.of(push, scope).stream().filter(OutboundPorts.PortServices::hasHttp)
            .forEach(p -> out.add(sidecar(push, scope, p.port())));
        case PROXYLESS -> OutboundPorts.targets(push, scope).forEach(t -> out.add(proxyless(push, scope, t)));
        case ROUTER -> out.addAll(GatewayRouteBuilder.build(push, scope));
      }
      out.sort(Comparator.comparing(RouteConfiguration::getName));
      return List.copyOf(out);
    });
  }

  static RouteConfiguration sidecar(PushContext push, ProxyScope scope, int port) {
    return push.memo(new SidecarKey(scope, port), () -> RouteConfiguration.newBuilder()
        .setName(Integer.toString(port))
        .addAllVirtualHosts(VirtualHostBuilder.forPort(push, scope, port))
        .addVirtualHosts(catchAll(push.sidecarScope(scope).allowAnyOutbound()))
        .setValidateClusters(Protos.bool(false))
        .setMaxDirectResponseBodySizeBytes(MAX_DIRECT_RESPONSE_BODY)
        .setIgnorePortInHostMatching(true)
        .build());
  }

  static RouteConfiguration proxyless(PushContext push, ProxyScope scope, OutboundPorts.Target t) {
    return push.memo(new ProxylessKey(scope, t.service().key(), t.port().port()), () -> {
      RouteConfiguration.Builder rc = RouteConfiguration.newBuilder().setName(t.name());
      VirtualHost vh = VirtualHostBuilder.forService(push, scope, t.service(), t.port().port());
      if (vh != null) {
        rc.addVirtualHosts(vh);
      }
      return rc.build();
    });
  }

  /** Istio's catch-all virtual host for hosts outside the registry. */
  @SuppressWarnings("deprecation")
  static VirtualHost catchAll(boolean allowAny) {
    RouteMatch all = RouteMatchTranslator.catchAll();
    if (allowAny) {
      return VirtualHost.newBuilder()
          .setName("allow_any")
          .addDomains("*")
          .addRoutes(Route.newBuilder().setName("allow_any").setMatch(all)
              .setRoute(RouteAction.newBuilder().setCluster(ClusterNames.PASSTHROUGH)
                  .setTimeout(Protos.ZERO).setMaxGrpcTimeout(Protos.ZERO)))
          .setIncludeRequestAttemptCount(true)
          .build();
    }
    return VirtualHost.newBuilder()
        .setName("block_all")
        .addDomains("*")
        .addRoutes(Route.newBuilder().setName("block_all").setMatch(all)
            .setDirectResponse(DirectResponseAction.newBuilder().setStatus(502)))
        .setIncludeRequestAttemptCount(true)
        .build();
  }
}

package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.security.AuthzTarget;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.NonForwardingAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GrpcListenerBuilder} builds a proxyless gRPC application's listeners, within what
 * grpc-java accepts.
 *
 * <p>Client side: one API listener per dial target, named exactly {@code HOST:PORT} (the full host,
 * and for services in the client's own namespace the short names Istio also answers:
 * {@code name}, {@code name.ns}, {@code name.ns.svc}), whose HTTP connection manager reads routes
 * {@code FQDN:PORT} over ADS with the fault filter then the router.
 *
 * <p>Server side: one listener per workload port of the services whose endpoints are at the
 * application's address, named {@code xds.istio.io/grpc/lds/inbound/0.0.0.0:PORT} (grpc-java
 * always asks for 0.0.0.0) on {@code 0.0.0.0:PORT}, inbound, with a single filter chain whose one
 * connection manager routes everything with {@code non_forwarding_action}, router last; no
 * listener filters and no original-destination handling (grpc NACKs both). The chain is mutual
 * TLS or plaintext as {@link ServerTransportSockets} decides from the PeerAuthentication in force,
 * and its connection manager enforces the port's AuthorizationPolicies with RBAC filters before
 * the router ({@link RbacFilters#grpc}).
 */
final class GrpcListenerBuilder {
  static final String SERVER_LISTENER_PREFIX = "xds.istio.io/grpc/lds/inbound/";

  private GrpcListenerBuilder() {}

  private record ClientKey(ProxyScope scope) {}

  private record ServerKey(ProxyScope scope, InboundPort port, boolean mtls, PortPolicies policies) {}

  static List<Listener> clients(PushContext push, ProxyScope scope) {
    return push.memo(new ClientKey(scope), () -> {
      List<Listener> out = new ArrayList<>();
      for (OutboundPorts.Target t : OutboundPorts.targets(push, scope)) {
        String address = t.service().addresses().isEmpty() || t.service().addresses().get(0).contains("/")
            ? "0.0.0.0" : t.service().addresses().get(0);
        String routeName = t.name();
        for (String host : dialHosts(t.service(), scope)) {
          out.add(Listener.newBuilder()
              .setName(host + ":" + t.port().port())
              .setAddress(Protos.socket(address, t.port().port()))
              .setApiListener(ApiListener.newBuilder().setApiListener(
                  TypedConfigs.pack(HttpConnectionManagers.grpcClient(routeName))))
              .build());
        }
      }
      return List.copyOf(out);
    });
  }

  /** The names a client in the scope's namespace may dial a service by (Istio's short-name expansion). */
  static List<String> dialHosts(MeshService service, ProxyScope scope) {
    List<String> out = new ArrayList<>();
    out.add(service.hostname());
    String suffix = "." + scope.dnsDomain();
    if (service.hostname().endsWith(suffix)) {
      String shortName = service.hostname().substring(0, service.hostname().length() - suffix.length());
      if (!shortName.contains(".")) {
        out.add(shortName);
        out.add(shortName + "." + scope.namespace());
        out.add(shortName + "." + scope.namespace() + ".svc");
      }
    }
    return out;
  }

  /**
   * The server listener of workload port {@code port}, with a mutual TLS chain when {@code mtls},
   * enforcing {@code policies}.
   */
  static Listener server(PushContext push, ProxyScope scope, InboundPort port, boolean mtls, PortPolicies policies) {
    return push.memo(new ServerKey(scope, port, mtls, policies), () -> {
      RouteConfiguration routes = RouteConfiguration.newBuilder()
          .setName("inbound")
          .addVirtualHosts(VirtualHost.newBuilder()
              .setName("inbound|http|" + port.port())
              .addDomains("*")
              .addRoutes(Route.newBuilder()
                  .setMatch(RouteMatchTranslator.catchAll())
                  .setNonForwardingAction(NonForwardingAction.getDefaultInstance())))
          .build();
      FilterChain.Builder chain = FilterChain.newBuilder()
          .setName("inbound-plaintext")
          .addFilters(HttpConnectionManagers.filter(
              HttpConnectionManagers.grpcServer("inbound_0.0.0.0_" + port.port(), routes,
                  RbacFilters.grpc(policies.authorization(push, AuthzTarget.GRPC)))));
      ServerTransportSockets.forGrpcServer(mtls).ifPresent(ts -> chain.setName("inbound-mtls")
          .setTransportSocket(ts));
      return Listener.newBuilder()
          .setName(SERVER_LISTENER_PREFIX + "0.0.0.0:" + port.port())
          .setAddress(Protos.socket("0.0.0.0", port.port()))
          .setTrafficDirection(TrafficDirection.INBOUND)
          .addFilterChains(chain)
          .build();
    });
  }
}

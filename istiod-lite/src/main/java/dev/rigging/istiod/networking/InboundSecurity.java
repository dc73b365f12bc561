package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyType;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.security.AuthzTarget;
import dev.rigging.istiod.security.JwtProvider;
import dev.rigging.istiod.security.PortAuthorization;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code InboundSecurity} answers, for one port of one proxy, what its inbound listener enforces:
 * the compiled authorization and the token issuers, found exactly as {@link ListenerBuilder} finds
 * them (same ports, same policy selection, same memoized compilation), so that the explainer
 * reasons on what is pushed.
 */
public final class InboundSecurity {
  private InboundSecurity() {}

  /**
   * What one port enforces.
   *
   * @param port the workload port
   * @param target where it is enforced (Envoy HTTP or TCP chain, proxyless server)
   * @param declared whether a service declares the port (else Envoy's catch-all chain handles it)
   * @param authorization the compiled AuthorizationPolicies
   * @param jwtProviders the token issuers (Envoy HTTP chains only)
   */
  public record PortSecurity(int port, AuthzTarget target, boolean declared, PortAuthorization authorization,
      List<JwtProvider> jwtProviders) {}

  /**
   * The security of {@code port} on {@code proxy}; empty for a gateway port no Gateway server
   * opens and for a proxyless port no service declares (grpc-java gets no listener for it and does
   * not serve). A gateway port is HTTP when it has a plain HTTP server or terminates HTTPS.
   */
  public static Optional<PortSecurity> forPort(PushContext push, Proxy proxy, int port) {
    if (proxy.type() == ProxyType.ROUTER) {
      Optional<GatewayServers.Port> open = GatewayServers.of(push, push.scope(proxy)).stream()
          .filter(p -> p.number() == port).findFirst();
      if (open.isEmpty()) {
        return Optional.empty();
      }
      boolean http = open.get().http() || open.get().servers().stream()
          .anyMatch(s -> s.kind() == GatewayServers.Kind.HTTPS_TERMINATE);
      PortPolicies policies = PortPolicies.of(push, proxy.namespace(), proxy.labels(), Set.of());
      AuthzTarget target = http ? AuthzTarget.HTTP : AuthzTarget.TCP;
      return Optional.of(new PortSecurity(port, target, true, policies.authorization(push, target),
          http ? policies.jwtProviders(push) : List.of()));
    }
    Optional<InboundPort> declared = InboundPort.of(push.inboundInstances(proxy.ips())).stream()
        .filter(p -> p.port() == port).findFirst();
    if (declared.isEmpty()) {
      if (proxy.type() == ProxyType.PROXYLESS) {
        return Optional.empty();
      }
      PortPolicies catchAll = PortPolicies.of(push, proxy.namespace(), proxy.labels(), Set.of());
      return Optional.of(new PortSecurity(port, AuthzTarget.TCP, false,
          catchAll.authorization(push, AuthzTarget.TCP), List.of()));
    }
    InboundPort p = declared.get();
    PortPolicies policies = PortPolicies.of(push, proxy.namespace(), proxy.labels(), p.services());
    AuthzTarget target = proxy.type() == ProxyType.PROXYLESS ? AuthzTarget.GRPC
        : p.protocol().isHttp() ? AuthzTarget.HTTP : AuthzTarget.TCP;
    List<JwtProvider> jwt = target == AuthzTarget.HTTP ? policies.jwtProviders(push) : List.of();
    return Optional.of(new PortSecurity(port, target, true, policies.authorization(push, target), jwt));
  }
}

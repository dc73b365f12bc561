package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.security.AuthzTarget;
import dev.rigging.istiod.security.JwtProvider;
import dev.rigging.istiod.security.JwtProviders;
import dev.rigging.istiod.security.PortAuthorization;
import dev.rigging.istiod.security.PortAuthorizations;
import dev.rigging.mesh.api.security.AuthorizationPolicy;
import dev.rigging.mesh.api.security.RequestAuthentication;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code PortPolicies} names the AuthorizationPolicies and RequestAuthentications that apply to
 * one workload port. It is what listener memo keys hold (the policies' content is fixed within a
 * push), and it resolves to the compiled authorization and token issuers translation needs.
 *
 * @param authorization applicable AuthorizationPolicies, oldest first
 * @param authentication applicable RequestAuthentications, oldest first
 */
record PortPolicies(List<ConfigKey> authorization, List<ConfigKey> authentication) {
  static final PortPolicies NONE = new PortPolicies(List.of(), List.of());

  PortPolicies {
    authorization = List.copyOf(authorization);
    authentication = List.copyOf(authentication);
  }

  /** The policies of a port serving {@code services} on a workload in {@code namespace} with {@code labels}. */
  static PortPolicies of(PushContext push, String namespace, Map<String, String> labels, Set<String> services) {
    return new PortPolicies(
        push.authorizationPolicies(namespace, labels, services).stream().map(ConfigObject::key).toList(),
        push.requestAuthentications(namespace, labels, services).stream().map(ConfigObject::key).toList());
  }

  /** The compiled authorization for {@code target}. */
  PortAuthorization authorization(PushContext push, AuthzTarget target) {
    List<ConfigObject<AuthorizationPolicy>> policies = authorization.stream()
        .map(k -> push.config().configs().get(k).as(AuthorizationPolicy.class)).toList();
    return PortAuthorizations.forPort(push, policies, target);
  }

  /** The token issuers whose JWTs are verified. */
  List<JwtProvider> jwtProviders(PushContext push) {
    List<ConfigObject<RequestAuthentication>> policies = authentication.stream()
        .map(k -> push.config().configs().get(k).as(RequestAuthentication.class)).toList();
    return JwtProviders.forPort(push, policies);
  }

  /** The security HTTP filters of an Envoy HTTP chain: JWT verification, then authorization. */
  List<io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter> httpFilters(
      PushContext push) {
    PortAuthorization authz = authorization(push, AuthzTarget.HTTP);
    List<io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter> out =
        new java.util.ArrayList<>(JwtAuthnFilters.filters(jwtProviders(push)));
    out.addAll(RbacFilters.http(authz, providerCluster(authz)));
    return List.copyOf(out);
  }

  /** The authorization network filters of an Envoy TCP chain (before its TCP proxy). */
  List<io.envoyproxy.envoy.config.listener.v3.Filter> networkFilters(PushContext push) {
    PortAuthorization authz = authorization(push, AuthzTarget.TCP);
    return RbacFilters.network(authz, providerCluster(authz));
  }

  /** The outbound cluster of a usable CUSTOM provider of {@code a}, empty without one. */
  static String providerCluster(PortAuthorization a) {
    if (a.custom() == null || !a.custom().usable()) {
      return "";
    }
    return ClusterNames.outbound(a.custom().provider().port(), "", a.custom().provider().host());
  }
}

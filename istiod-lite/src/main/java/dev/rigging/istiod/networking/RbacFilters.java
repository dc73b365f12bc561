package dev.rigging.istiod.networking;

import dev.rigging.istiod.security.AuthzTarget;
import dev.rigging.istiod.security.CustomAuthz;
import dev.rigging.istiod.security.PortAuthorization;
import dev.rigging.istiod.security.RbacRules;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code RbacFilters} turns a port's {@link PortAuthorization} into the filters that enforce it,
 * in Istio's order: CUSTOM (an RBAC filter whose shadow rules mark the requests to check, then
 * {@code ext_authz}; or, when the provider cannot be used, an RBAC filter denying what the CUSTOM
 * rules match), AUDIT (RBAC action LOG), DENY, ALLOW.
 *
 * <p>Envoy HTTP chains get {@code envoy.filters.http.rbac}, TCP chains
 * {@code envoy.filters.network.rbac}. Proxyless gRPC servers get HTTP RBAC filters with distinct
 * names (grpc-java refuses duplicates) and neither AUDIT (grpc-java ignores LOG) nor ext_authz
 * (grpc-java cannot call it, so CUSTOM rules deny).
 */
final class RbacFilters {
  static final String HTTP_NAME = "envoy.filters.http.rbac";
  static final String NETWORK_NAME = "envoy.filters.network.rbac";
  static final String TCP_STAT_PREFIX = "tcp.";

  private RbacFilters() {}

  /** The HTTP filters of an Envoy HTTP chain (to go before the router). */
  static List<HttpFilter> http(PortAuthorization a, String providerCluster) {
    List<HttpFilter> out = new ArrayList<>();
    CustomAuthz custom = a.custom();
    if (custom != null && custom.usable()) {
      out.add(httpFilter(HTTP_NAME, RBAC.newBuilder()
          .setShadowRules(RbacProtos.rbac(custom.rules(), a.target()))
          .setShadowRulesStatPrefix(ExtAuthzFilters.SHADOW_STAT_PREFIX).build()));
      out.add(HttpFilter.newBuilder().setName(ExtAuthzFilters.HTTP_NAME)
          .setTypedConfig(TypedConfigs.pack(ExtAuthzFilters.http(custom.provider(), providerCluster))).build());
    } else if (custom != null) {
      out.add(httpFilter(HTTP_NAME, rules(custom.rules(), a.target())));
    }
    for (RbacRules r : enforced(a)) {
      out.add(httpFilter(HTTP_NAME, rules(r, a.target())));
    }
    return out;
  }

  /** The network filters of an Envoy TCP chain (to go before {@code tcp_proxy}). */
  static List<Filter> network(PortAuthorization a, String providerCluster) {
    List<Filter> out = new ArrayList<>();
    CustomAuthz custom = a.custom();
    if (custom != null && custom.usable()) {
      out.add(networkFilter(io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.newBuilder()
          .setStatPrefix(TCP_STAT_PREFIX)
          .setShadowRules(RbacProtos.rbac(custom.rules(), a.target()))
          .setShadowRulesStatPrefix(ExtAuthzFilters.SHADOW_STAT_PREFIX).build()));
      out.add(Filter.newBuilder().setName(ExtAuthzFilters.NETWORK_NAME)
          .setTypedConfig(TypedConfigs.pack(ExtAuthzFilters.network(custom.provider(), providerCluster))).build());
    } else if (custom != null) {
      out.add(networkFilter(networkRules(custom.rules(), a.target())));
    }
    for (RbacRules r : enforced(a)) {
      out.add(networkFilter(networkRules(r, a.target())));
    }
    return out;
  }

  /** The HTTP filters of a proxyless gRPC server (before its router). */
  static List<HttpFilter> grpc(PortAuthorization a) {
    List<HttpFilter> out = new ArrayList<>();
    if (a.custom() != null) {
      out.add(httpFilter(HTTP_NAME + ".CUSTOM", rules(a.custom().rules(), AuthzTarget.GRPC)));
    }
    if (a.deny() != null) {
      out.add(httpFilter(HTTP_NAME + ".DENY", rules(a.deny(), AuthzTarget.GRPC)));
    }
    if (a.allow() != null) {
      out.add(httpFilter(HTTP_NAME, rules(a.allow(), AuthzTarget.GRPC)));
    }
    return out;
  }

  /** AUDIT, DENY and ALLOW rules, in that order. */
  private static List<RbacRules> enforced(PortAuthorization a) {
    List<RbacRules> out = new ArrayList<>();
    if (a.audit() != null) {
      out.add(a.audit());
    }
    if (a.deny() != null) {
      out.add(a.deny());
    }
    if (a.allow() != null) {
      out.add(a.allow());
    }
    return out;
  }

  private static RBAC rules(RbacRules r, AuthzTarget target) {
    return RBAC.newBuilder().setRules(RbacProtos.rbac(r, target)).build();
  }

  private static io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC networkRules(RbacRules r,
      AuthzTarget target) {
    return io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.newBuilder().setStatPrefix(TCP_STAT_PREFIX)
        .setRules(RbacProtos.rbac(r, target)).build();
  }

  private static HttpFilter httpFilter(String name, RBAC rbac) {
    return HttpFilter.newBuilder().setName(name).setTypedConfig(TypedConfigs.pack(rbac)).build();
  }

  private static Filter networkFilter(io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC rbac) {
    return Filter.newBuilder().setName(NETWORK_NAME).setTypedConfig(TypedConfigs.pack(rbac)).build();
  }
}

package dev.rigging.istiod.networking;

import dev.rigging.istiod.security.AuthzTarget;
import dev.rigging.istiod.security.Cidr;
import dev.rigging.istiod.security.CompiledRule;
import dev.rigging.istiod.security.Match;
import dev.rigging.istiod.security.RbacRules;
import dev.rigging.istiod.security.StringMatch;
import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.extensions.path.match.uri_template.v3.UriTemplateMatchConfig;
import io.envoyproxy.envoy.type.matcher.v3.ListMatcher;
import io.envoyproxy.envoy.type.matcher.v3.MetadataMatcher;
import io.envoyproxy.envoy.type.matcher.v3.OrMatcher;
import io.envoyproxy.envoy.type.matcher.v3.PathMatcher;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.matcher.v3.ValueMatcher;

/**
 * {@code RbacProtos} translates compiled authorization ({@link Match} trees) into Envoy's RBAC
 * protos, one node for one node: principals and permissions, the policy of a rule, the rules of a
 * filter. Path templates become Envoy's {@code uri_template} for Envoy and the equivalent regex for
 * grpc-java, which has no template matcher. JWT claims are read from the payload Envoy's
 * {@code jwt_authn} writes to metadata ({@value JwtAuthnFilters#PAYLOAD_KEY}).
 */
final class RbacProtos {
  static final String URI_TEMPLATE = "envoy.path.match.uri_template.uri_template_matcher";

  private RbacProtos() {}

  /** The RBAC rules of one filter. */
  static RBAC rbac(RbacRules rules, AuthzTarget target) {
    RBAC.Builder b = RBAC.newBuilder().setAction(switch (rules.action()) {
      case ALLOW -> RBAC.Action.ALLOW;
      case DENY -> RBAC.Action.DENY;
      case LOG -> RBAC.Action.LOG;
    });
    for (CompiledRule r : rules.rules()) {
      b.putPolicies(r.name(), policy(r, target));
    }
    return b.build();
  }

  static Policy policy(CompiledRule rule, AuthzTarget target) {
    Policy.Builder p = Policy.newBuilder();
    rule.principals().forEach(m -> p.addPrincipals(principal(m)));
    rule.permissions().forEach(m -> p.addPermissions(permission(m, target)));
    return p.build();
  }

  static Principal principal(Match m) {
    Principal.Builder b = Principal.newBuilder();
    if (m instanceof Match.Labeled l) {
      return principal(l.part());
    } else if (m instanceof Match.Always) {
      b.setAny(true);
    } else if (m instanceof Match.AllOf a) {
      Principal.Set.Builder set = Principal.Set.newBuilder();
      a.parts().forEach(x -> set.addIds(principal(x)));
      b.setAndIds(set);
    } else if (m instanceof Match.AnyOf a) {
      Principal.Set.Builder set = Principal.Set.newBuilder();
      a.parts().forEach(x -> set.addIds(principal(x)));
      b.setOrIds(set);
    } else if (m instanceof Match.Not n) {
      b.setNotId(principal(n.part()));
    } else if (m instanceof Match.PeerPrincipal p) {
      b.setAuthenticated(Principal.Authenticated.newBuilder().setPrincipalName(string(p.name())));
    } else if (m instanceof Match.SourceIp s) {
      b.setDirectRemoteIp(cidr(s.block()));
    } else if (m instanceof Match.RemoteIp r) {
      b.setRemoteIp(cidr(r.block()));
    } else if (m instanceof Match.Header h) {
      b.setHeader(header(h));
    } else if (m instanceof Match.JwtClaim c) {
      b.setMetadata(claim(c));
    } else {
      throw new IllegalArgumentException(m + " is not a principal");
    }
    return b.build();
  }

  static Permission permission(Match m, AuthzTarget target) {
    Permission.Builder b = Permission.newBuilder();
    if (m instanceof Match.Labeled l) {
      return permission(l.part(), target);
    } else if (m instanceof Match.Always) {
      b.setAny(true);
    } else if (m instanceof Match.AllOf a) {
      Permission.Set.Builder set = Permission.Set.newBuilder();
      a.parts().forEach(x -> set.addRules(permission(x, target)));
      b.setAndRules(set);
    } else if (m instanceof Match.AnyOf a) {
      Permission.Set.Builder set = Permission.Set.newBuilder();
      a.parts().forEach(x -> set.addRules(permission(x, target)));
      b.setOrRules(set);
    } else if (m instanceof Match.Not n) {
      b.setNotRule(permission(n.part(), target));
    } else if (m instanceof Match.Header h) {
      b.setHeader(header(h));
    } else if (m instanceof Match.UrlPath p) {
      b.setUrlPath(PathMatcher.newBuilder().setPath(string(p.path())));
    } else if (m instanceof Match.PathTemplate t) {
      if (target == AuthzTarget.GRPC) {
        b.setUrlPath(PathMatcher.newBuilder().setPath(string(StringMatch.regex(t.regex()))));
      } else {
        b.setUriTemplate(TypedExtensionConfig.newBuilder().setName(URI_TEMPLATE).setTypedConfig(TypedConfigs.pack(
            UriTemplateMatchConfig.newBuilder().setPathTemplate(t.envoyTemplate()).build())));
      }
    } else if (m instanceof Match.DestinationIp d) {
      b.setDestinationIp(cidr(d.block()));
    } else if (m instanceof Match.DestinationPort d) {
      b.setDestinationPort(d.port());
    } else if (m instanceof Match.RequestedServerName s) {
      b.setRequestedServerName(string(s.name()));
    } else {
      throw new IllegalArgumentException(m + " is not a permission");
    }
    return b.build();
  }

  static StringMatcher string(StringMatch m) {
    StringMatcher.Builder b = StringMatcher.newBuilder().setIgnoreCase(m.ignoreCase());
    switch (m.kind()) {
      case EXACT -> b.setExact(m.value());
      case PREFIX -> b.setPrefix(m.value());
      case SUFFIX -> b.setSuffix(m.value());
      case CONTAINS -> b.setContains(m.value());
      case REGEX -> b.setSafeRegex(RegexMatcher.newBuilder().setRegex(m.value()));
    }
    return b.build();
  }

  private static HeaderMatcher header(Match.Header h) {
    HeaderMatcher.Builder b = HeaderMatcher.newBuilder().setName(h.name());
    return h.value() == null ? b.setPresentMatch(true).build() : b.setStringMatch(string(h.value())).build();
  }

  /** A claim matches as a string, or as a list with a matching element. */
  private static MetadataMatcher claim(Match.JwtClaim c) {
    MetadataMatcher.Builder b = MetadataMatcher.newBuilder().setFilter(JwtAuthnFilters.NAME)
        .addPath(MetadataMatcher.PathSegment.newBuilder().setKey(JwtAuthnFilters.PAYLOAD_KEY));
    c.path().forEach(k -> b.addPath(MetadataMatcher.PathSegment.newBuilder().setKey(k)));
    OrMatcher.Builder or = OrMatcher.newBuilder();
    for (StringMatch m : c.anyOf()) {
      ValueMatcher s = ValueMatcher.newBuilder().setStringMatch(string(m)).build();
      or.addValueMatchers(s);
      or.addValueMatchers(ValueMatcher.newBuilder().setListMatch(ListMatcher.newBuilder().setOneOf(s)));
    }
    return b.setValue(ValueMatcher.newBuilder().setOrMatch(or)).build();
  }

  private static CidrRange cidr(Cidr c) {
    return CidrRange.newBuilder().setAddressPrefix(c.address()).setPrefixLen(Protos.u32(c.prefixLength())).build();
  }
}

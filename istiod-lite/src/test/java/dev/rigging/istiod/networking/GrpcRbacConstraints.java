package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.Map;
import java.util.Set;

/**
 * {@code GrpcRbacConstraints} asserts what grpc-java's RBAC filter (its {@code RbacFilter} parser,
 * read in grpc-xds 1.79) accepts and evaluates as meant: no shadow rules it would ignore, actions
 * ALLOW or DENY, no CEL conditions (NACK), only the permission and principal kinds it parses
 * ({@code uri_template} NACKs), path matchers on {@code path}, no {@code grpc-*} or {@code :scheme}
 * header (NACK), RE2 regexes that compile, and no metadata matchers (they never match in grpc-java:
 * an ALLOW would silently allow nothing and a DENY deny nothing).
 */
final class GrpcRbacConstraints {
  private static final Set<Permission.RuleCase> PERMISSIONS = Set.of(Permission.RuleCase.AND_RULES,
      Permission.RuleCase.OR_RULES, Permission.RuleCase.ANY, Permission.RuleCase.HEADER, Permission.RuleCase.URL_PATH,
      Permission.RuleCase.DESTINATION_IP, Permission.RuleCase.DESTINATION_PORT,
      Permission.RuleCase.DESTINATION_PORT_RANGE, Permission.RuleCase.NOT_RULE,
      Permission.RuleCase.REQUESTED_SERVER_NAME);
  private static final Set<Principal.IdentifierCase> PRINCIPALS = Set.of(Principal.IdentifierCase.OR_IDS,
      Principal.IdentifierCase.AND_IDS, Principal.IdentifierCase.ANY, Principal.IdentifierCase.AUTHENTICATED,
      Principal.IdentifierCase.DIRECT_REMOTE_IP, Principal.IdentifierCase.REMOTE_IP, Principal.IdentifierCase.HEADER,
      Principal.IdentifierCase.NOT_ID, Principal.IdentifierCase.URL_PATH);

  private GrpcRbacConstraints() {}

  static void check(String at, io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC filter) {
    assertThat(filter.hasShadowRules()).as(at + ": grpc-java ignores shadow rules").isFalse();
    assertThat(filter.hasRules()).as(at + ": rules").isTrue();
    RBAC rules = filter.getRules();
    assertThat(rules.getAction()).as(at + ": action").isIn(RBAC.Action.ALLOW, RBAC.Action.DENY);
    for (Map.Entry<String, Policy> e : rules.getPoliciesMap().entrySet()) {
      String p = at + " policy " + e.getKey();
      assertThat(e.getValue().hasCondition() || e.getValue().hasCheckedCondition()).as(p + ": CEL NACKs").isFalse();
      e.getValue().getPermissionsList().forEach(x -> permission(p, x));
      e.getValue().getPrincipalsList().forEach(x -> principal(p, x));
    }
  }

  private static void permission(String at, Permission p) {
    assertThat(PERMISSIONS).as(at + ": permission " + p.getRuleCase()).contains(p.getRuleCase());
    switch (p.getRuleCase()) {
      case AND_RULES -> p.getAndRules().getRulesList().forEach(x -> permission(at, x));
      case OR_RULES -> p.getOrRules().getRulesList().forEach(x -> permission(at, x));
      case NOT_RULE -> permission(at, p.getNotRule());
      case HEADER -> header(at, p.getHeader());
      case URL_PATH -> {
        assertThat(p.getUrlPath().hasPath()).as(at + ": url_path needs path").isTrue();
        string(at, p.getUrlPath().getPath());
      }
      case REQUESTED_SERVER_NAME -> string(at, p.getRequestedServerName());
      default -> { }
    }
  }

  private static void principal(String at, Principal p) {
    assertThat(PRINCIPALS).as(at + ": principal " + p.getIdentifierCase()).contains(p.getIdentifierCase());
    switch (p.getIdentifierCase()) {
      case AND_IDS -> p.getAndIds().getIdsList().forEach(x -> principal(at, x));
      case OR_IDS -> p.getOrIds().getIdsList().forEach(x -> principal(at, x));
      case NOT_ID -> principal(at, p.getNotId());
      case HEADER -> header(at, p.getHeader());
      case AUTHENTICATED -> string(at, p.getAuthenticated().getPrincipalName());
      default -> { }
    }
  }

  private static void header(String at, HeaderMatcher h) {
    assertThat(h.getName()).as(at + ": header").doesNotStartWith("grpc-").isNotEqualTo(":scheme");
    if (h.hasStringMatch()) {
      string(at, h.getStringMatch());
    }
  }

  private static void string(String at, StringMatcher m) {
    assertThat(m.getMatchPatternCase()).as(at + ": string matcher").isIn(StringMatcher.MatchPatternCase.EXACT,
        StringMatcher.MatchPatternCase.PREFIX, StringMatcher.MatchPatternCase.SUFFIX,
        StringMatcher.MatchPatternCase.CONTAINS, StringMatcher.MatchPatternCase.SAFE_REGEX);
    if (m.hasSafeRegex()) {
      Pattern.compile(m.getSafeRegex().getRegex());
    }
  }
}

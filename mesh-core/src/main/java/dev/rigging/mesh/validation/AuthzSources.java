package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.security.AuthorizationPolicy.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code AuthzSources} checks the source of an AuthorizationPolicy rule: not empty, values that can
 * match (no empty values, {@code *} only as prefix or suffix in principals and namespaces, valid IPs
 * and CIDR blocks, well-formed service accounts), service accounts not mixed with principals or
 * namespaces, and, for CUSTOM policies, none of the identity fields Istio does not support there.
 */
final class AuthzSources {
  // every field of a source by its name, in the API's order so that errors come out in that order
  private static final Map<String, Function<Source, List<String>>> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("principals", Source::principals);
    FIELDS.put("notPrincipals", Source::notPrincipals);
    FIELDS.put("requestPrincipals", Source::requestPrincipals);
    FIELDS.put("notRequestPrincipals", Source::notRequestPrincipals);
    FIELDS.put("namespaces", Source::namespaces);
    FIELDS.put("notNamespaces", Source::notNamespaces);
    FIELDS.put("serviceAccounts", Source::serviceAccounts);
    FIELDS.put("notServiceAccounts", Source::notServiceAccounts);
    FIELDS.put("ipBlocks", Source::ipBlocks);
    FIELDS.put("notIpBlocks", Source::notIpBlocks);
    FIELDS.put("remoteIpBlocks", Source::remoteIpBlocks);
    FIELDS.put("notRemoteIpBlocks", Source::notRemoteIpBlocks);
  }

  // identities the external authorizer of a CUSTOM policy is not given by Istio
  private static final List<String> NOT_WITH_CUSTOM = List.of("principals", "notPrincipals", "requestPrincipals",
      "notRequestPrincipals", "namespaces", "notNamespaces", "serviceAccounts", "notServiceAccounts");
  private static final List<String> PEER_IDENTITY = List.of("principals", "notPrincipals", "namespaces", "notNamespaces");

  private AuthzSources() {}

  static void check(Issues issues, String p, Source s, boolean custom) {
    if (FIELDS.values().stream().allMatch(f -> f.apply(s).isEmpty())) {
      issues.error(p, "source is empty; set at least one of principals, requestPrincipals, namespaces, serviceAccounts, "
          + "ipBlocks, remoteIpBlocks or their not* forms, or remove the from entry");
      return;
    }
    boolean accounts = !s.serviceAccounts().isEmpty() || !s.notServiceAccounts().isEmpty();
    if (accounts && PEER_IDENTITY.stream().anyMatch(f -> !FIELDS.get(f).apply(s).isEmpty())) {
      issues.error(p + (s.serviceAccounts().isEmpty() ? ".notServiceAccounts" : ".serviceAccounts"),
          "serviceAccounts cannot be combined with principals or namespaces (or their not* forms); use one way to name peers");
    }
    FIELDS.forEach((name, field) -> AuthzValues.each(issues, p + "." + name, field.apply(s), valueCheck(name)));
    AuthzValues.serviceAccountCount(issues, p + ".serviceAccounts", s.serviceAccounts());
    AuthzValues.serviceAccountCount(issues, p + ".notServiceAccounts", s.notServiceAccounts());
    for (String name : List.of("principals", "requestPrincipals", "namespaces", "serviceAccounts", "ipBlocks", "remoteIpBlocks")) {
      String not = "not" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
      AuthzValues.excludedEntirely(issues, p + "." + name, not, FIELDS.get(name).apply(s), FIELDS.get(not).apply(s));
    }
    if (custom) {
      for (String name : NOT_WITH_CUSTOM) {
        if (!FIELDS.get(name).apply(s).isEmpty()) {
          issues.error(p + "." + name, name + " is not supported with action CUSTOM; match on ipBlocks, remoteIpBlocks or the "
              + "request (to, when) and let the external authorizer check identities");
        }
      }
    }
  }

  private static Function<String, String> valueCheck(String field) {
    return switch (field) {
      case "principals", "notPrincipals", "namespaces", "notNamespaces" -> v -> AuthzValues.identityWildcardProblem(field, v);
      case "serviceAccounts", "notServiceAccounts" -> AuthzValues::serviceAccountProblem;
      case "ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks" -> AuthzValues::ipProblem;
      default -> v -> null;
    };
  }

  /** True when the source holds a field that can be evaluated on TCP (everything but request principals). */
  static boolean hasTcpField(Source s) {
    return FIELDS.entrySet().stream()
        .filter(e -> !e.getKey().equals("requestPrincipals") && !e.getKey().equals("notRequestPrincipals"))
        .anyMatch(e -> !e.getValue().apply(s).isEmpty());
  }
}

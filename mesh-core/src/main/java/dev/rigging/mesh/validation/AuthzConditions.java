package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.security.AuthorizationPolicy.Condition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code AuthzConditions} checks the {@code when} conditions of an AuthorizationPolicy rule against
 * the attributes Istio supports (its "Authorization Policy Conditions"): the key must be one of
 * them, in its {@code name[...]} form where it takes one, at least one of values and notValues must
 * be given, and the values must fit the key (IPs and CIDR blocks for IP keys, port numbers for
 * {@code destination.port}, service accounts for {@code source.serviceAccount}).
 */
final class AuthzConditions {
  private static final Function<String, String> ANY = v -> null;
  private static final Map<String, Function<String, String>> EXACT = new LinkedHashMap<>();
  private static final Map<Pattern, Function<String, String>> KEYED = new LinkedHashMap<>();

  static {
    EXACT.put("source.ip", AuthzValues::ipProblem);
    EXACT.put("remote.ip", AuthzValues::ipProblem);
    EXACT.put("source.namespace", ANY);
    EXACT.put("source.serviceAccount", AuthzValues::serviceAccountProblem);
    EXACT.put("source.principal", ANY);
    EXACT.put("request.auth.principal", ANY);
    EXACT.put("request.auth.audiences", ANY);
    EXACT.put("request.auth.presenter", ANY);
    EXACT.put("destination.ip", AuthzValues::ipProblem);
    EXACT.put("destination.port", AuthzValues::portProblem);
    EXACT.put("connection.sni", ANY);
    String name = "\\[[^\\[\\]]+\\]";
    KEYED.put(Pattern.compile("request\\.headers" + name), ANY);
    KEYED.put(Pattern.compile("request\\.experimental\\.inline\\.headers" + name), ANY);
    // nested claims are written as successive [..] steps, e.g. request.auth.claims[realm][role]
    KEYED.put(Pattern.compile("request\\.auth\\.claims(?:" + name + ")+"), ANY);
    KEYED.put(Pattern.compile("experimental\\.envoy\\.filters\\.[^\\[\\]]+(?:" + name + ")+"), ANY);
  }

  private static final String VALID_KEYS = String.join(", ", EXACT.keySet())
      + ", request.headers[<name>], request.experimental.inline.headers[<name>], request.auth.claims[<claim>], "
      + "experimental.envoy.filters.<filter>[<key>]";
  private static final List<String> KEYED_PREFIXES = List.of("request.headers", "request.experimental.inline.headers",
      "request.auth.claims", "experimental.envoy.filters.");

  private AuthzConditions() {}

  static void check(Issues issues, String p, Condition c, boolean custom) {
    String key = c.key();
    if (key == null || key.isEmpty()) {
      issues.error(p + ".key", "key is required: an Istio attribute such as request.auth.claims[iss] or source.ip");
      return;
    }
    Function<String, String> values = valueCheck(issues, p + ".key", key);
    if (custom && (key.equals("source.namespace") || key.equals("source.serviceAccount") || key.equals("source.principal")
        || key.startsWith("request.auth."))) {
      issues.error(p + ".key", "condition on " + key + " is not supported with action CUSTOM; let the external authorizer check identities");
    }
    if (c.values().isEmpty() && c.notValues().isEmpty()) {
      issues.error(p, "condition on " + key + " needs values or notValues, e.g. {key: " + key + ", values: [...]}");
      return;
    }
    // values of an unknown key are only checked for emptiness: their form is unknown too
    Function<String, String> check = values != null ? values : ANY;
    AuthzValues.each(issues, p + ".values", c.values(), check);
    AuthzValues.each(issues, p + ".notValues", c.notValues(), check);
    AuthzValues.excludedEntirely(issues, p + ".values", "notValues", c.values(), c.notValues());
  }

  /** The value check for {@code key}, or null (after reporting why) when the key is not supported. */
  private static Function<String, String> valueCheck(Issues issues, String field, String key) {
    Function<String, String> exact = EXACT.get(key);
    if (exact != null) {
      return exact;
    }
    for (var e : KEYED.entrySet()) {
      if (e.getKey().matcher(key).matches()) {
        return e.getValue();
      }
    }
    issues.error(field, keyProblem(key));
    return null;
  }

  private static String keyProblem(String key) {
    if (key.equals("destination.namespace")) {
      return "destination.namespace is not supported: the policy's namespace already decides the destination; use metadata.namespace";
    }
    if (key.startsWith("destination.labels")) {
      return key + " is not supported: use selector.matchLabels to pick the destination workloads";
    }
    if (key.equals("destination.name") || key.equals("destination.user")) {
      return key + " is not supported: it only existed in the retired v1alpha1 API";
    }
    for (String prefix : KEYED_PREFIXES) {
      if (key.startsWith(prefix)) {
        String shape = prefix.endsWith(".") ? prefix + "<filter>[<key>]" : prefix + "[<name>]";
        return "invalid key \"" + key + "\"; expected " + shape + ", e.g. "
            + (prefix.endsWith(".") ? "experimental.envoy.filters.network.mysql_proxy[db.table]" : prefix + "[x-user]");
      }
    }
    return "unknown attribute \"" + key + "\"; valid keys: " + VALID_KEYS;
  }
}

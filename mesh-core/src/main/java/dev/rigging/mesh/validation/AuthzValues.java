package dev.rigging.mesh.validation;

import java.util.HashSet;
import java.util.List;
import java.util.function.Function;

/**
 * {@code AuthzValues} checks the string values of AuthorizationPolicy sources, operations and
 * conditions. Istio matches them exactly, by prefix ({@code abc*}), by suffix ({@code *abc}) or by
 * presence ({@code *}); a {@code *} anywhere else is compared literally.
 *
 * <p>Methods named {@code ...Problem} take a non-empty value and return a message, or null when the
 * value is fine; {@link #each} reports empty values itself.
 */
final class AuthzValues {
  /** Istio's bound on service account lists; it keeps the generated config small. */
  static final int MAX_SERVICE_ACCOUNTS = 16;
  static final int MAX_SERVICE_ACCOUNT_LENGTH = 320;

  private AuthzValues() {}

  /** Reports, at its index, every value that is empty or that {@code check} finds a problem with. */
  static void each(Issues issues, String field, List<String> values, Function<String, String> check) {
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      issues.errorIfPresent(Issues.at(field, i),
          v.isEmpty() ? "empty value; remove it, or use \"*\" to match any non-empty value" : check.apply(v));
    }
  }

  /** Reports every empty value of {@code values} at its index. */
  static void notEmpty(Issues issues, String field, List<String> values) {
    each(issues, field, values, v -> null);
  }

  /**
   * Peer principals and namespaces come from certificates and Kubernetes names, which never
   * contain {@code *}; a {@code *} that Istio would compare literally therefore can never match.
   */
  static String identityWildcardProblem(String what, String value) {
    long stars = value.chars().filter(c -> c == '*').count();
    boolean matchable = stars == 0 || value.equals("*") || (stars == 1 && (value.startsWith("*") || value.endsWith("*")));
    if (!matchable) {
      return what + " \"" + value + "\" can never match: '*' is only allowed alone, as a prefix (*abc) or as a suffix (abc*)";
    }
    return null;
  }

  /** A destination port: a decimal number from 1 to 65535 (port 0 never carries a connection). */
  static String portProblem(String value) {
    if (!value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return "port \"" + value + "\" is not a number; ports are numbers from 1 to 65535 (port names are not supported)";
    }
    return value.length() > 5
        ? "port " + value + " out of range; must be between 1 and 65535"
        : Ports.numberProblem(Integer.parseInt(value));
  }

  /** An IP address or CIDR block (source, remote or destination). */
  static String ipProblem(String value) {
    return IpAddresses.subnetProblem(value);
  }

  /** A service account, {@code sa} (in the policy's namespace) or {@code ns/sa}, without wildcards. */
  static String serviceAccountProblem(String value) {
    if (value.contains("*")) {
      return "wildcards are not supported in service accounts (\"" + value + "\"); list them, or use principals for prefix and suffix matches";
    }
    if (value.length() > MAX_SERVICE_ACCOUNT_LENGTH) {
      return "service account is " + value.length() + " characters long; must be at most " + MAX_SERVICE_ACCOUNT_LENGTH;
    }
    String[] parts = value.split("/", -1);
    if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
      return "invalid service account \"" + value + "\"; expected serviceAccount or namespace/serviceAccount, e.g. bookinfo-reviews or default/bookinfo-reviews";
    }
    return null;
  }

  /** Service account lists hold at most {@value #MAX_SERVICE_ACCOUNTS} entries. */
  static void serviceAccountCount(Issues issues, String field, List<String> values) {
    if (values.size() > MAX_SERVICE_ACCOUNTS) {
      issues.error(field, values.size() + " service accounts; at most " + MAX_SERVICE_ACCOUNTS + " are allowed, use namespaces or principals for more");
    }
  }

  /**
   * A field whose every value also appears in its negation can never match: the request would need
   * a value that is both listed and excluded.
   */
  static void excludedEntirely(Issues issues, String field, String negation, List<String> values, List<String> notValues) {
    if (!values.isEmpty() && new HashSet<>(notValues).containsAll(values)) {
      issues.error(field, "every value of " + last(field) + " is also in " + negation + ", so this can never match; remove the overlap");
    }
  }

  private static String last(String field) {
    return field.substring(field.lastIndexOf('.') + 1);
  }
}

package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.VirtualService.HeaderOperations;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code HeaderRules} checks header names and values in matches and header manipulation. Pseudo
 * headers ({@code :path}…) and {@code host} belong to Envoy; only the authority may be rewritten,
 * and only on requests.
 */
final class HeaderRules {
  private static final Pattern NAME = Pattern.compile("[-_A-Za-z0-9]+");
  static final String JWT_CLAIM_PREFIX = "@request.auth.claims";

  private HeaderRules() {}

  /** A header name in a match; {@code @request.auth.claims.X} names a JWT claim instead. */
  static String matchNameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return "header name is empty; expected a name such as x-user";
    }
    if (isJwtClaim(name)) {
      return null;
    }
    return NAME.matcher(name).matches()
        ? null
        : "invalid header name \"" + name + "\"; use letters, digits, '-' and '_' (e.g. x-user), or @request.auth.claims.<claim> for JWT claims";
  }

  static boolean isJwtClaim(String name) {
    return (name.startsWith(JWT_CLAIM_PREFIX + ".") || name.startsWith(JWT_CLAIM_PREFIX + "["))
        && name.length() > JWT_CLAIM_PREFIX.length() + 1;
  }

  /** CORS header lists additionally allow {@code *}. */
  static String corsNameProblem(String name) {
    return "*".equals(name) ? null : matchNameProblem(name);
  }

  static boolean isAuthority(String name) {
    return name.equalsIgnoreCase(":authority") || name.equalsIgnoreCase("host");
  }

  /** Request set/add: anything but pseudo headers, except that the authority may be rewritten. */
  static String requestSetProblem(String name) {
    if (name.isEmpty()) {
      return "header name is empty";
    }
    if (name.startsWith(":") && !isAuthority(name)) {
      return "header \"" + name + "\" is a pseudo header (':' prefix) and cannot be changed; only :authority (or host) may be set";
    }
    return null;
  }

  /** Request remove and all response operations: no pseudo headers and no host. */
  static String operationProblem(String name) {
    if (name.isEmpty()) {
      return "header name is empty";
    }
    if (name.toLowerCase(Locale.ROOT).equals("host")) {
      return "header \"" + name + "\" cannot be removed or changed here; rewrite the authority with rewrite.authority or request.set[host]";
    }
    if (name.startsWith(":")) {
      return "header \"" + name + "\" is a pseudo header (':' prefix) and cannot be changed";
    }
    return null;
  }

  static void checkOperations(Issues issues, String field, HeaderOperations ops, boolean request) {
    if (ops == null) {
      return;
    }
    checkSetOrAdd(issues, field + ".set", ops.set(), request);
    checkSetOrAdd(issues, field + ".add", ops.add(), request);
    for (int i = 0; i < ops.remove().size(); i++) {
      issues.errorIfPresent(Issues.at(field + ".remove", i), operationProblem(ops.remove().get(i)));
    }
  }

  private static void checkSetOrAdd(Issues issues, String field, Map<String, String> values, boolean request) {
    values.forEach((name, value) -> {
      String at = Issues.key(field, name);
      issues.errorIfPresent(at, request ? requestSetProblem(name) : operationProblem(name));
      issues.errorIfPresent(at, valueProblem(value));
    });
  }

  /**
   * Values may contain Envoy substitutions: {@code %NAME%} or {@code %NAME(args)%}; a literal
   * percent is written {@code %%}. Control characters other than tab are never allowed.
   */
  static String valueProblem(String value) {
    if (value == null) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return "header value contains control character 0x" + Integer.toHexString(c) + "; only printable characters and tab are allowed";
      }
    }
    String unterminated = "header value \"" + value + "\" has an unterminated %VARIABLE%; write %% for a literal percent sign";
    int i = 0;
    int n = value.length();
    while (i < n) {
      if (value.charAt(i) != '%') {
        i++;
        continue;
      }
      if (i + 1 < n && value.charAt(i + 1) == '%') {
        i += 2;
        continue;
      }
      int j = i + 1;
      while (j < n && value.charAt(j) != '%' && value.charAt(j) != '(') {
        j++;
      }
      if (j >= n) {
        return unterminated;
      }
      if (value.charAt(j) == '%') {
        i = j + 1;
        continue;
      }
      int k = j + 1;
      boolean quoted = false;
      while (k < n) {
        char c = value.charAt(k);
        if (quoted && c == '\\') {
          k++;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (!quoted && c == ')') {
          break;
        }
        k++;
      }
      k++;
      while (k < n && value.charAt(k) == ' ') {
        k++;
      }
      if (k >= n || value.charAt(k) != '%') {
        return unterminated;
      }
      i = k + 1;
    }
    return null;
  }
}

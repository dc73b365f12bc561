package dev.rigging.mesh.validation;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code Labels} checks Kubernetes label syntax: keys are {@code [prefix/]name} where the prefix is
 * a DNS subdomain of at most 253 characters and the name a qualified name of at most 63; values are
 * empty or a qualified name of at most 63.
 */
final class Labels {
  private static final String QUALIFIED_RE = "[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?";
  private static final Pattern QUALIFIED = Pattern.compile(QUALIFIED_RE);
  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*");
  private static final String NAME_RULE =
      "letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at most 63 characters";

  private Labels() {}

  static void check(Issues issues, String field, Map<String, String> labels) {
    labels.forEach((k, v) -> {
      String at = Issues.key(field, k);
      issues.errorIfPresent(at, keyProblem(k));
      issues.errorIfPresent(at, valueProblem(v));
    });
  }

  static String keyProblem(String key) {
    if (key == null || key.isEmpty()) {
      return "label key is empty; expected [prefix/]name such as app or app.kubernetes.io/name";
    }
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty() || prefix.length() > 253 || !SUBDOMAIN.matcher(prefix).matches()) {
        return "invalid label key \"" + key + "\": prefix \"" + prefix
            + "\" must be a lower-case DNS subdomain of at most 253 characters, e.g. app.kubernetes.io";
      }
    }
    if (name.length() > 63 || !QUALIFIED.matcher(name).matches()) {
      return "invalid label key \"" + key + "\": name \"" + name + "\" must be " + NAME_RULE;
    }
    return null;
  }

  static String valueProblem(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.length() > 63 || !QUALIFIED.matcher(value).matches()) {
      return "invalid label value \"" + value + "\"; must be empty or " + NAME_RULE;
    }
    return null;
  }

  /**
   * Workload selectors: Istio matches labels literally, so an empty key or a {@code *} (which
   * people write expecting a wildcard) can never match.
   */
  static void checkSelector(Issues issues, String field, Map<String, String> labels) {
    labels.forEach((k, v) -> {
      String at = Issues.key(field, k);
      if (k.isEmpty()) {
        issues.error(at, "empty label key in selector; every selector label needs a key");
      } else if (k.contains("*") || (v != null && v.contains("*"))) {
        issues.error(at, "wildcard in selector \"" + k + "=" + v + "\" is not supported; selectors match exact label values");
      } else {
        issues.errorIfPresent(at, keyProblem(k));
        issues.errorIfPresent(at, valueProblem(v));
      }
    });
  }
}

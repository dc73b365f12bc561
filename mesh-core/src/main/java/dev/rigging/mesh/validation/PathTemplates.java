package dev.rigging.mesh.validation;

import java.util.regex.Pattern;

/**
 * {@code PathTemplates} applies Istio's rules for AuthorizationPolicy paths with URI templates:
 * {@code {*}} matches one path segment and {@code {**}} any number of them; each must be a whole
 * segment, {@code {**}} must be the last operator, and with templates every literal segment may only
 * use the characters Envoy's URI template matcher accepts (RFC 3986 pchar).
 */
final class PathTemplates {
  static final String ONE = "{*}";
  static final String ANY = "{**}";
  private static final Pattern LITERAL = Pattern.compile("[a-zA-Z0-9-._~%!$&'()+,;:@=]+");

  private PathTemplates() {}

  static boolean isTemplate(String path) {
    return path.contains(ONE) || path.contains(ANY);
  }

  /** Null when {@code path} is a plain path or a valid template. */
  static String problem(String path) {
    boolean template = isTemplate(path);
    boolean anySeen = false;
    for (String segment : trimSlashes(path).split("/", -1)) {
      boolean operator = segment.equals(ONE) || segment.equals(ANY);
      if (operator && anySeen) {
        return "invalid path template \"" + path + "\": {**} must be the last operator; no {*} or {**} may follow it";
      }
      if (operator) {
        anySeen = segment.equals(ANY);
        continue;
      }
      if (segment.contains("{") || segment.contains("}")) {
        return "invalid path \"" + path + "\": '{' and '}' are only allowed in whole-segment templates {*} and {**}, e.g. /api/{*}/reviews";
      }
      if (template && !LITERAL.matcher(segment).matches()) {
        return "invalid path template \"" + path + "\": segment \"" + segment
            + "\" must be non-empty and use only letters, digits and -._~%!$&'()+,;:@=";
      }
    }
    return null;
  }

  private static String trimSlashes(String path) {
    int b = 0;
    int e = path.length();
    while (b < e && path.charAt(b) == '/') {
      b++;
    }
    while (e > b && path.charAt(e - 1) == '/') {
      e--;
    }
    return path.substring(b, e);
  }
}

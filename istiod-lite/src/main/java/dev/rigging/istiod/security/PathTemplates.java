package dev.rigging.istiod.security;

/**
 * {@code PathTemplates} turns an Istio path template into the regex Envoy's URI template matcher
 * is equivalent to: {@code {*}} one path segment of RFC 3986 path characters (at least one),
 * {@code {**}} any number of segments including none, everything else literal.
 */
public final class PathTemplates {
  static final String ONE = "{*}";
  static final String ANY = "{**}";
  // RFC 3986 pchar without '/', as Envoy's template matcher defines a segment ('-' last: literal)
  private static final String SEGMENT = "[a-zA-Z0-9._~%!$&'()+,;:@=-]+";
  private static final String SEGMENTS = "[a-zA-Z0-9._~%!$&'()+,;:@=/-]*";

  private PathTemplates() {}

  /** Whether {@code path} uses template operators. */
  public static boolean isTemplate(String path) {
    return path.contains(ONE) || path.contains(ANY);
  }

  /** The full-match regex of {@code template}. */
  public static String regex(String template) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      if (template.startsWith(ANY, i)) {
        b.append(SEGMENTS);
        i += ANY.length();
      } else if (template.startsWith(ONE, i)) {
        b.append(SEGMENT);
        i += ONE.length();
      } else {
        int next = nextOperator(template, i);
        b.append(RegexLiterals.quote(template.substring(i, next)));
        i = next;
      }
    }
    return b.toString();
  }

  private static int nextOperator(String t, int from) {
    int one = t.indexOf(ONE, from);
    int any = t.indexOf(ANY, from);
    int next = t.length();
    if (one >= 0) {
      next = Math.min(next, one);
    }
    if (any >= 0) {
      next = Math.min(next, any);
    }
    return next;
  }
}

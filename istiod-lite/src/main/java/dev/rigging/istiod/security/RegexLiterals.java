package dev.rigging.istiod.security;

/**
 * {@code RegexLiterals} escapes literal text for the RE2 regexes authorization compiles to. Every
 * regex metacharacter is escaped with a backslash (RE2, re2j and {@link java.util.regex} all read
 * {@code \.} as a literal dot), so that an identity such as {@code a.b} never turns into "any
 * character" and a name cannot smuggle in regex operators.
 */
public final class RegexLiterals {
  private static final String SPECIAL = "\\.+*?()|[]{}^$";

  private RegexLiterals() {}

  /** {@code literal} with every character that could be a regex operator escaped. */
  public static String quote(String literal) {
    StringBuilder b = new StringBuilder(literal.length() + 8);
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (SPECIAL.indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /**
   * Istio's wildcard text ({@code *} anywhere means "any characters") as a regex: literal parts
   * quoted, each {@code *} turned into {@code .*}.
   */
  public static String wildcard(String text) {
    StringBuilder b = new StringBuilder();
    int start = 0;
    for (int i = text.indexOf('*'); i >= 0; i = text.indexOf('*', start)) {
      b.append(quote(text.substring(start, i))).append(".*");
      start = i + 1;
    }
    return b.append(quote(text.substring(start))).toString();
  }
}

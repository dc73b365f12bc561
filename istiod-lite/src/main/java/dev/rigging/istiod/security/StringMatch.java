package dev.rigging.istiod.security;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code StringMatch} is one Envoy {@code StringMatcher}: exact, prefix, suffix, contains or a
 * full-match RE2 regex, optionally case-insensitive (not for regexes). It is what authorization
 * rules compile to and evaluates exactly as Envoy and grpc-java do, so that the explainer and the
 * proxies agree. Regexes are only ever built by this package from escaped literals and the
 * operators {@code .*}, {@code .+} and character classes, the subset where RE2 and
 * {@link java.util.regex} agree.
 *
 * @param kind how {@code value} is compared
 * @param value the literal, or the regex for {@link Kind#REGEX}
 * @param ignoreCase compare ignoring ASCII case (exact, prefix, suffix and contains only)
 */
public record StringMatch(Kind kind, String value, boolean ignoreCase) {

  /** The comparison. */
  public enum Kind { EXACT, PREFIX, SUFFIX, CONTAINS, REGEX }

  public StringMatch {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    if (kind == Kind.REGEX && ignoreCase) {
      throw new IllegalArgumentException("Envoy ignores ignore_case for regexes; put (?i) in the regex instead");
    }
  }

  public static StringMatch exact(String v) {
    return new StringMatch(Kind.EXACT, v, false);
  }

  public static StringMatch prefix(String v) {
    return new StringMatch(Kind.PREFIX, v, false);
  }

  public static StringMatch suffix(String v) {
    return new StringMatch(Kind.SUFFIX, v, false);
  }

  public static StringMatch contains(String v) {
    return new StringMatch(Kind.CONTAINS, v, false);
  }

  public static StringMatch regex(String r) {
    return new StringMatch(Kind.REGEX, r, false);
  }

  /** Any non-empty value (Istio's {@code *}). */
  public static StringMatch nonEmpty() {
    return regex(".+");
  }

  /**
   * Istio's value syntax: {@code *} any non-empty value, {@code *abc} suffix, {@code abc*} prefix,
   * anything else exact (a {@code *} elsewhere is literal).
   */
  public static StringMatch istio(String v) {
    if (v.equals("*")) {
      return nonEmpty();
    }
    if (v.startsWith("*")) {
      return suffix(v.substring(1));
    }
    if (v.endsWith("*")) {
      return prefix(v.substring(0, v.length() - 1));
    }
    return exact(v);
  }

  /** The same comparison ignoring case; a regex is left as is. */
  public StringMatch ignoringCase() {
    return kind == Kind.REGEX ? this : new StringMatch(kind, value, true);
  }

  /** Whether {@code input} matches, as Envoy's StringMatcher decides. */
  public boolean matches(String input) {
    if (input == null) {
      return false;
    }
    String in = ignoreCase ? input.toLowerCase(Locale.ROOT) : input;
    String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
    return switch (kind) {
      case EXACT -> in.equals(v);
      case PREFIX -> in.startsWith(v);
      case SUFFIX -> in.endsWith(v);
      case CONTAINS -> in.contains(v);
      case REGEX -> Pattern.compile(value).matcher(input).matches();
    };
  }

  @Override
  public String toString() {
    String op = switch (kind) {
      case EXACT -> "=";
      case PREFIX -> "prefix ";
      case SUFFIX -> "suffix ";
      case CONTAINS -> "contains ";
      case REGEX -> "regex ";
    };
    return op + "\"" + value + "\"" + (ignoreCase ? " (any case)" : "");
  }
}

package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.StringMatch;

/** {@code StringMatches} checks an exact/prefix/regex match. */
final class StringMatches {
  static final String CHOICES = "exact, prefix or regex";

  private StringMatches() {}

  /**
   * @param emptyMeansPresent header and query-parameter matches may set nothing, which Istio reads
   *     as "present"; elsewhere exactly one of the three is required
   * @param emptyPrefixAllowed only the URI accepts an empty prefix (Envoy's path matcher does;
   *     its generic string matcher does not)
   */
  static void check(Issues issues, String field, StringMatch m, boolean emptyMeansPresent, boolean emptyPrefixAllowed) {
    if (m == null) {
      if (!emptyMeansPresent) {
        issues.error(field, "match is null; set exactly one of " + CHOICES);
      }
      return;
    }
    int set = m.alternativesSet();
    if (set > 1) {
      issues.error(field, "sets " + set + " of " + CHOICES + "; set exactly one");
      return;
    }
    if (set == 0) {
      if (!emptyMeansPresent) {
        issues.error(field, "match is empty; set exactly one of " + CHOICES);
      }
      return;
    }
    if (m.prefix() != null && m.prefix().isEmpty() && !emptyPrefixAllowed) {
      issues.error(field + ".prefix", "prefix is empty; give a non-empty prefix, or use regex \".*\" to match anything");
    }
    if (m.regex() != null) {
      issues.errorIfPresent(field + ".regex", Regexes.problem(m.regex()));
    }
  }
}

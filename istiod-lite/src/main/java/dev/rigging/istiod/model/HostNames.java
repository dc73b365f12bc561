package dev.rigging.istiod.model;

import java.util.Comparator;

/**
 * {@code HostNames} implements Istio's host name semantics: wildcard matching ({@code *},
 * {@code *.example.com}), specificity ordering and short-name resolution relative to a namespace.
 */
public final class HostNames {

  /** Orders host patterns from most to least specific: exact names first, then longer wildcard suffixes. */
  public static final Comparator<String> MOST_SPECIFIC_FIRST = Comparator
      .comparing(HostNames::isWildcard)
      .thenComparing(Comparator.comparingInt(String::length).reversed())
      .thenComparing(Comparator.naturalOrder());

  private HostNames() {}

  /** True for {@code *} and {@code *.suffix}. */
  public static boolean isWildcard(String host) {
    return host.startsWith("*");
  }

  /**
   * True when every name {@code host} stands for is also covered by {@code pattern} (Istio's
   * {@code SubsetOf}): {@code a.example.com} and {@code *.a.example.com} are subsets of
   * {@code *.example.com}; an exact pattern covers only itself.
   */
  public static boolean subsetOf(String host, String pattern) {
    if (isWildcard(pattern)) {
      String suffix = pattern.substring(1);
      if (isWildcard(host)) {
        return host.substring(1).endsWith(suffix);
      }
      return host.endsWith(suffix) && host.length() > suffix.length();
    }
    return !isWildcard(host) && host.equals(pattern);
  }

  /** True when the two names overlap (Istio's {@code Matches}): one is a subset of the other. */
  public static boolean overlaps(String a, String b) {
    return subsetOf(a, b) || subsetOf(b, a);
  }

  /**
   * Istio's short-name resolution: a name without a dot (e.g. {@code reviews}) declared in namespace
   * {@code shop} means {@code reviews.shop.svc.DOMAIN}; names with a dot, wildcards and IPs are kept.
   */
  public static String resolve(String host, String namespace, String domainSuffix) {
    if (host == null || host.isEmpty() || host.equals("*") || host.contains(".") || host.contains(":")) {
      return host;
    }
    return host + "." + namespace + ".svc." + domainSuffix;
  }
}

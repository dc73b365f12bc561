package dev.rigging.istiod.model;

/**
 * {@code PathNormalization} is Istio's MeshConfig {@code pathNormalization.normalization}: how
 * Envoy rewrites the request path before any filter (authorization included) looks at it and
 * before it reaches the workload, so that the path authorized is the path served.
 *
 * <ul>
 *   <li>{@link #NONE}: the path is used as received ({@code normalize_path: false});
 *   <li>{@link #BASE} (Istio's default): RFC 3986 normalization: dot segments removed, percent
 *       encodings of unreserved characters decoded, backslashes read as slashes;
 *   <li>{@link #MERGE_SLASHES}: BASE, then repeated slashes merged;
 *   <li>{@link #DECODE_AND_MERGE_SLASHES}: {@code %2F} and {@code %5C} decoded first, then
 *       MERGE_SLASHES.
 * </ul>
 */
public enum PathNormalization {
  NONE, BASE, MERGE_SLASHES, DECODE_AND_MERGE_SLASHES;

  /** Parses Istio's spelling ({@code DEFAULT} is BASE, as in Istio); null or blank is BASE. */
  public static PathNormalization parse(String value) {
    if (value == null || value.isBlank()) {
      return BASE;
    }
    String v = value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    if (v.equals("DEFAULT")) {
      return BASE;
    }
    try {
      return valueOf(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pathNormalization \"" + value
          + "\" is not valid; use NONE, BASE, MERGE_SLASHES or DECODE_AND_MERGE_SLASHES", e);
    }
  }
}

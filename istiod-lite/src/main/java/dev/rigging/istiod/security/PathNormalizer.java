package dev.rigging.istiod.security;

import dev.rigging.istiod.model.PathNormalization;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * {@code PathNormalizer} computes the path Envoy authorizes and forwards for a request path, under
 * MeshConfig's {@code pathNormalization}, in Envoy's order: the fragment is dropped and the query
 * set aside; with {@code DECODE_AND_MERGE_SLASHES} {@code %2F} and {@code %5C} are decoded
 * ({@code path_with_escaped_slashes_action: UNESCAPE_AND_FORWARD}); unless {@code NONE}, the path
 * is normalized as RFC 3986 says and Envoy's URL canonicalizer does ({@code normalize_path}):
 * percent-encoded unreserved characters decoded, other escapes upper-cased, backslashes read as
 * slashes, {@code .} and {@code ..} segments removed; with {@code MERGE_SLASHES} and
 * {@code DECODE_AND_MERGE_SLASHES} repeated slashes are then merged ({@code merge_slashes}).
 *
 * <p>The result has no query: Envoy's {@code url_path} matcher ignores it.
 */
public final class PathNormalizer {
  private static final String UNRESERVED = "-._~";

  private PathNormalizer() {}

  /** The path as authorized, for request path {@code raw} (which may carry a query and a fragment). */
  public static String normalize(String raw, PathNormalization mode) {
    String path = raw;
    int hash = path.indexOf('#');
    if (hash >= 0) {
      path = path.substring(0, hash);
    }
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    if (mode == PathNormalization.DECODE_AND_MERGE_SLASHES) {
      path = path.replaceAll("(?i)%2F", "/").replaceAll("(?i)%5C", "\\\\");
    }
    if (mode == PathNormalization.NONE) {
      return path;
    }
    path = removeDotSegments(decodeUnreserved(path).replace('\\', '/'));
    if (mode == PathNormalization.MERGE_SLASHES || mode == PathNormalization.DECODE_AND_MERGE_SLASHES) {
      path = path.replaceAll("/{2,}", "/");
    }
    return path;
  }

  /** Decodes {@code %XX} of unreserved characters; upper-cases the hex of every other escape. */
  static String decodeUnreserved(String path) {
    StringBuilder b = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length() && hex(path.charAt(i + 1)) && hex(path.charAt(i + 2))) {
        char decoded = (char) Integer.parseInt(path.substring(i + 1, i + 3), 16);
        if (Character.isLetterOrDigit(decoded) && decoded < 128 || UNRESERVED.indexOf(decoded) >= 0) {
          b.append(decoded);
        } else {
          b.append('%').append(path.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
        }
        i += 2;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** RFC 3986 section 5.2.4, on an absolute path; a path that climbs above the root stays at it. */
  static String removeDotSegments(String path) {
    if (path.isEmpty()) {
      return "/";
    }
    String[] segments = path.split("/", -1);
    Deque<String> out = new ArrayDeque<>();
    for (int i = 1; i < segments.length; i++) {
      String s = segments[i];
      boolean last = i == segments.length - 1;
      if (s.equals(".")) {
        if (last) {
          out.addLast("");
        }
      } else if (s.equals("..")) {
        if (!out.isEmpty()) {
          out.removeLast();
        }
        if (last) {
          out.addLast("");
        }
      } else {
        out.addLast(s);
      }
    }
    return "/" + String.join("/", out);
  }

  private static boolean hex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}

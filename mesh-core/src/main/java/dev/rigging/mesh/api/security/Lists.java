package dev.rigging.mesh.api.security;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Lists} copies collections into immutable ones for the records of this package, either
 * turning "absent" into empty or keeping it as null where presence has a meaning (see the package
 * documentation). Null entries are rejected with the field name, so that decoding can report them.
 */
final class Lists {
  private Lists() {}

  /** An immutable copy, empty when {@code in} is null. */
  static <T> List<T> orEmpty(String field, List<T> in) {
    return in == null ? List.of() : copy(field, in);
  }

  /** An immutable copy, or null when {@code in} is null (the field was absent). */
  static <T> List<T> keepAbsent(String field, List<T> in) {
    return in == null ? null : copy(field, in);
  }

  /** An immutable copy in the same order, empty when {@code in} is null. */
  static <K, V> Map<K, V> orEmpty(String field, Map<K, V> in) {
    return in == null ? Map.of() : copy(field, in);
  }

  /** An immutable copy in the same order, or null when {@code in} is null (the field was absent). */
  static <K, V> Map<K, V> keepAbsent(String field, Map<K, V> in) {
    return in == null ? null : copy(field, in);
  }

  private static <T> List<T> copy(String field, List<T> in) {
    if (in.contains(null)) {
      throw new IllegalArgumentException(field + " has an empty (null) entry; remove it or give it a value");
    }
    return List.copyOf(in);
  }

  private static <K, V> Map<K, V> copy(String field, Map<K, V> in) {
    if (in.containsValue(null)) {
      throw new IllegalArgumentException(field + " has an entry without a value; remove it or give it a value");
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(in));
  }
}

package dev.rigging.mesh.api.networking;

import java.util.List;
import java.util.Map;

/** {@code Nulls} turns absent collections into empty immutable ones so the model never holds null lists. */
final class Nulls {
  private Nulls() {}

  static <T> List<T> list(List<T> in) {
    return in == null ? List.of() : List.copyOf(in);
  }

  static <K, V> Map<K, V> map(Map<K, V> in) {
    return in == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(in));
  }
}

package dev.rigging.istiod.registry.kube;

import java.util.List;
import java.util.Map;

/**
 * {@code Nulls} reads Fabric8 model collections safely: Fabric8 leaves a list or map null when the
 * API server omits it or sends an explicit null.
 */
final class Nulls {
  private Nulls() {}

  static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : list;
  }

  static Map<String, String> map(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}

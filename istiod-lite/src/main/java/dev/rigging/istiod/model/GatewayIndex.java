package dev.rigging.istiod.model;

import dev.rigging.mesh.api.networking.Gateway;
import dev.rigging.mesh.api.networking.WorkloadSelector;
import dev.rigging.mesh.config.ConfigObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GatewayIndex} finds the Gateways whose {@code selector} matches a gateway proxy's labels,
 * keyed by {@code namespace/name}: only in the proxy's own namespace when scoped (Rigging's
 * default), in any namespace otherwise (Istio's default).
 */
final class GatewayIndex {
  private final List<ConfigObject<Gateway>> ordered;
  private final Map<String, ConfigObject<Gateway>> byName;

  private GatewayIndex(List<ConfigObject<Gateway>> ordered) {
    this.ordered = List.copyOf(ordered);
    Map<String, ConfigObject<Gateway>> m = new HashMap<>();
    ordered.forEach(g -> m.put(g.namespace() + "/" + g.name(), g));
    this.byName = Map.copyOf(m);
  }

  static GatewayIndex build(List<ConfigObject<Gateway>> ordered) {
    return new GatewayIndex(ordered);
  }

  /** Names ({@code namespace/name}) of the Gateways selecting a proxy in {@code namespace} with {@code labels}, in precedence order. */
  List<String> selecting(Map<String, String> labels, String namespace, boolean scopeToNamespace) {
    return ordered.stream()
        .filter(g -> !scopeToNamespace || g.namespace().equals(namespace))
        .filter(g -> new WorkloadSelector(g.spec().selector()).matches(labels))
        .map(g -> g.namespace() + "/" + g.name())
        .toList();
  }

  ConfigObject<Gateway> get(String name) {
    return byName.get(name);
  }
}

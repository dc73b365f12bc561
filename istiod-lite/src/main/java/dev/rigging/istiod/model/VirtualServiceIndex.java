package dev.rigging.istiod.model;

import dev.rigging.mesh.api.networking.VirtualService;
import dev.rigging.mesh.config.ConfigObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code VirtualServiceIndex} holds the resolved VirtualServices in Istio's precedence order
 * (oldest first) by gateway, and the distinct {@code sourceLabels} selectors their matches use.
 */
final class VirtualServiceIndex {
  private final Map<String, List<ResolvedVirtualService>> byGateway;
  private final Map<Map<String, String>, Integer> sourceSelectors;

  private VirtualServiceIndex(Map<String, List<ResolvedVirtualService>> byGateway,
      Map<Map<String, String>, Integer> sourceSelectors) {
    this.byGateway = byGateway;
    this.sourceSelectors = sourceSelectors;
  }

  static VirtualServiceIndex build(List<ConfigObject<VirtualService>> ordered, MeshSettings mesh) {
    Map<String, List<ResolvedVirtualService>> byGateway = new HashMap<>();
    Map<Map<String, String>, Integer> selectors = new LinkedHashMap<>();
    for (ConfigObject<VirtualService> o : ordered) {
      ResolvedVirtualService vs = new ResolvedVirtualService(o, mesh.domainSuffix());
      for (String g : vs.gateways()) {
        byGateway.computeIfAbsent(g, x -> new ArrayList<>()).add(vs);
      }
      for (VirtualService.HTTPRoute r : o.spec().http()) {
        r.match().forEach(m -> addSelector(selectors, m.sourceLabels()));
      }
      for (VirtualService.TCPRoute r : o.spec().tcp()) {
        r.match().forEach(m -> addSelector(selectors, m.sourceLabels()));
      }
      for (VirtualService.TLSRoute r : o.spec().tls()) {
        r.match().forEach(m -> addSelector(selectors, m.sourceLabels()));
      }
    }
    byGateway.replaceAll((g, l) -> List.copyOf(l));
    return new VirtualServiceIndex(Map.copyOf(byGateway), selectors);
  }

  private static void addSelector(Map<Map<String, String>, Integer> selectors, Map<String, String> labels) {
    if (!labels.isEmpty()) {
      selectors.putIfAbsent(Map.copyOf(labels), selectors.size());
    }
  }

  /** VirtualServices bound to {@code gateway} ({@code mesh} or {@code namespace/name}), oldest first. */
  List<ResolvedVirtualService> forGateway(String gateway) {
    return byGateway.getOrDefault(gateway, List.of());
  }

  /** The signature of which source selectors match {@code labels}: one character per selector. */
  String sourceSignature(Map<String, String> labels) {
    StringBuilder sb = new StringBuilder(sourceSelectors.size());
    for (Map<String, String> sel : sourceSelectors.keySet()) {
      boolean match = sel.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
      sb.append(match ? '1' : '0');
    }
    return sb.toString();
  }

  /** Whether {@code selector} matches, read from a signature made by {@link #sourceSignature}. */
  boolean sourceMatches(String signature, Map<String, String> selector) {
    if (selector.isEmpty()) {
      return true;
    }
    Integer i = sourceSelectors.get(selector);
    if (i == null) {
      throw new IllegalArgumentException("source selector " + selector + " is not indexed in this push");
    }
    return signature.charAt(i) == '1';
  }
}

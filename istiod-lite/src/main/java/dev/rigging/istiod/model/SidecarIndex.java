package dev.rigging.istiod.model;

import dev.rigging.mesh.api.networking.Sidecar;
import dev.rigging.mesh.config.ConfigObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code SidecarIndex} picks the Sidecar resource for a workload like Istio: the oldest Sidecar in
 * the workload's namespace whose selector matches its labels, else the namespace's Sidecar without
 * selector, else the root namespace's Sidecar without selector.
 */
final class SidecarIndex {
  private final String rootNamespace;
  private final Map<String, List<ConfigObject<Sidecar>>> selecting;
  private final Map<String, ConfigObject<Sidecar>> namespaceDefault;

  private SidecarIndex(String rootNamespace, Map<String, List<ConfigObject<Sidecar>>> selecting,
      Map<String, ConfigObject<Sidecar>> namespaceDefault) {
    this.rootNamespace = rootNamespace;
    this.selecting = selecting;
    this.namespaceDefault = namespaceDefault;
  }

  static SidecarIndex build(List<ConfigObject<Sidecar>> ordered, String rootNamespace) {
    Map<String, List<ConfigObject<Sidecar>>> selecting = new HashMap<>();
    Map<String, ConfigObject<Sidecar>> defaults = new HashMap<>();
    for (ConfigObject<Sidecar> o : ordered) {
      var sel = o.spec().workloadSelector();
      if (sel != null && !sel.labels().isEmpty()) {
        selecting.computeIfAbsent(o.namespace(), n -> new ArrayList<>()).add(o);
      } else {
        defaults.putIfAbsent(o.namespace(), o);
      }
    }
    return new SidecarIndex(rootNamespace, selecting, defaults);
  }

  /** The Sidecar for a workload, or null when none applies. */
  ConfigObject<Sidecar> sidecarFor(String namespace, Map<String, String> labels) {
    for (ConfigObject<Sidecar> o : selecting.getOrDefault(namespace, List.of())) {
      if (o.spec().workloadSelector().matches(labels)) {
        return o;
      }
    }
    ConfigObject<Sidecar> d = namespaceDefault.get(namespace);
    return d != null ? d : namespaceDefault.get(rootNamespace);
  }
}

package dev.rigging.lifecycle.fleet;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code Fleet} is a set of clusters upgraded together, in waves: every cluster of wave 1, then
 * every cluster of wave 2, and so on, each wave gated on the health of the one before.
 *
 * @param namespace the mesh namespace on every cluster
 * @param revision the revision upgraded in place on every cluster (empty: the only one installed)
 */
public record Fleet(String name, String namespace, Optional<String> revision, List<Member> clusters) {
  public Fleet {
    clusters = List.copyOf(clusters);
  }

  /**
   * One cluster of the fleet.
   *
   * @param kubeconfig the kubeconfig file (empty: the fleet's, then {@code -c}, then the default)
   */
  public record Member(String name, String context, Optional<java.nio.file.Path> kubeconfig, String cloud,
      String region, int wave) {}

  /** The clusters by wave, in wave order. */
  public Map<Integer, List<Member>> waves() {
    Map<Integer, List<Member>> waves = new TreeMap<>();
    clusters.forEach(m -> waves.computeIfAbsent(m.wave(), w -> new java.util.ArrayList<>()).add(m));
    return waves;
  }
}

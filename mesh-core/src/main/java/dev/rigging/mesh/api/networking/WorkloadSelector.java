package dev.rigging.mesh.api.networking;

import java.util.Map;

/** {@code WorkloadSelector} selects workloads (pods, WorkloadEntries) by labels. */
public record WorkloadSelector(Map<String, String> labels) {
  public WorkloadSelector {
    labels = Nulls.map(labels);
  }

  /** True when every selector label is present with the same value in {@code workloadLabels}. */
  public boolean matches(Map<String, String> workloadLabels) {
    for (var e : labels.entrySet()) {
      if (!e.getValue().equals(workloadLabels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}

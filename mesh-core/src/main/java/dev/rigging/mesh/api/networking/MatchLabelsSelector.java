package dev.rigging.mesh.api.networking;

import java.util.Map;

/**
 * {@code MatchLabelsSelector} selects workloads by {@code matchLabels}: Istio's
 * {@code istio.type.v1beta1.WorkloadSelector}, used by DestinationRule and by the security kinds
 * (the networking kinds ServiceEntry and Sidecar use {@link WorkloadSelector} with {@code labels}
 * instead).
 */
public record MatchLabelsSelector(Map<String, String> matchLabels) {
  public MatchLabelsSelector {
    matchLabels = Nulls.map(matchLabels);
  }

  /** True when every selector label is present with the same value in {@code workloadLabels}. */
  public boolean matches(Map<String, String> workloadLabels) {
    return new WorkloadSelector(matchLabels).matches(workloadLabels);
  }
}

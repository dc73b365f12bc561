package dev.rigging.lifecycle.catalog;

import java.util.Objects;

/** {@code KubernetesRange} is the inclusive range of Kubernetes minor versions a mesh version supports. */
public record KubernetesRange(KubernetesVersion min, KubernetesVersion max) {
  public KubernetesRange {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.compareTo(max) > 0) {
      throw new IllegalArgumentException("kubernetes.min " + min + " is above kubernetes.max " + max);
    }
  }

  public boolean contains(KubernetesVersion v) {
    return v.compareTo(min) >= 0 && v.compareTo(max) <= 0;
  }

  @Override
  public String toString() {
    return min + " to " + max;
  }
}

package dev.rigging.lifecycle.kube;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code ClusterRef} says how to reach a cluster, as kubectl and istioctl do: a kubeconfig file
 * ({@code -c/--kubeconfig}, else {@code KUBECONFIG}, else {@code ~/.kube/config}, else in-cluster)
 * and a context ({@code --context}, else the current one).
 */
public record ClusterRef(Optional<Path> kubeconfig, Optional<String> context) {
  public static ClusterRef defaults() {
    return new ClusterRef(Optional.empty(), Optional.empty());
  }
}

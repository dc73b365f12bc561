package dev.rigging.istiod.registry.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code ClusterLookup} finds the pods and nodes that endpoints refer to, so that the converters stay
 * pure: an informer cache in production, plain collections in tests.
 */
public interface ClusterLookup {

  /** The pod {@code namespace/name}, if known. */
  Optional<Pod> pod(String namespace, String name);

  /** The node {@code name}, if known. */
  Optional<Node> node(String name);

  /** A lookup over fixed collections. */
  static ClusterLookup of(Collection<Pod> pods, Collection<Node> nodes) {
    Map<String, Pod> podsByKey = pods.stream().collect(Collectors.toMap(
        p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), Function.identity()));
    Map<String, Node> nodesByName = nodes.stream().collect(Collectors.toMap(
        n -> n.getMetadata().getName(), Function.identity()));
    return new ClusterLookup() {
      @Override
      public Optional<Pod> pod(String namespace, String name) {
        return Optional.ofNullable(podsByKey.get(namespace + "/" + name));
      }

      @Override
      public Optional<Node> node(String name) {
        return Optional.ofNullable(nodesByName.get(name));
      }
    };
  }
}

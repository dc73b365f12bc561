package dev.rigging.istiod.config.kube;

import dev.rigging.istiod.registry.kube.ClusterLookup;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Optional;

/**
 * {@code ClusterView} is the read side of the informer caches that the registry is computed from,
 * already narrowed to the namespaces the mesh selects.
 */
interface ClusterView extends ClusterLookup {

  /** Whether objects in {@code namespace} belong to the mesh (discovery selectors). */
  boolean selected(String namespace);

  Optional<Service> service(String namespace, String name);

  /** The EndpointSlices labelled for Service {@code namespace/name}. */
  List<EndpointSlice> slicesOf(String namespace, String serviceName);

  /** Every selected Service. */
  List<Service> services();

  /** Every selected pod. */
  List<Pod> pods();
}

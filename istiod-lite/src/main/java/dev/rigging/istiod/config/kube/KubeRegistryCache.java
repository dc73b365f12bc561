package dev.rigging.istiod.config.kube;

import dev.rigging.istiod.registry.Endpoint;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.ServiceKey;
import dev.rigging.istiod.registry.WorkloadInstance;
import dev.rigging.istiod.registry.kube.EndpointSliceConverter;
import dev.rigging.istiod.registry.kube.KubeServiceConverter;
import dev.rigging.istiod.registry.kube.PodConverter;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code KubeRegistryCache} holds the mesh form of the cluster's Services, their endpoints and the
 * pods, and recomputes one service or pod at a time from a {@link ClusterView}. Not thread-safe:
 * the caller serialises access.
 */
final class KubeRegistryCache {

  /** What a refresh changed, from the push queue's point of view. */
  enum Change {
    NONE, ENDPOINTS, SERVICES;

    Change and(Change other) {
      return compareTo(other) >= 0 ? this : other;
    }
  }

  private final KubeServiceConverter converter;
  private Map<String, MeshService> services = new HashMap<>();
  private Map<String, List<Endpoint>> endpoints = new HashMap<>();
  private Map<String, WorkloadInstance> workloads = new HashMap<>();

  KubeRegistryCache(KubeServiceConverter converter) {
    this.converter = Objects.requireNonNull(converter, "converter");
  }

  /** Recomputes Service {@code namespace/name} and its endpoints. */
  Change refreshService(ClusterView view, String namespace, String name) {
    String id = namespace + "/" + name;
    Optional<Service> service = view.selected(namespace) ? view.service(namespace, name) : Optional.empty();
    MeshService mesh = service.map(converter::convert).orElse(null);
    List<Endpoint> eps = service
        .map(s -> EndpointSliceConverter.convert(s, mesh, view.slicesOf(namespace, name), view))
        .orElse(null);
    boolean serviceChanged = replace(services, id, mesh);
    boolean endpointsChanged = replace(endpoints, id, eps);
    return serviceChanged ? Change.SERVICES : endpointsChanged ? Change.ENDPOINTS : Change.NONE;
  }

  /** Recomputes the workload of pod {@code namespace/name}. */
  Change refreshWorkload(ClusterView view, String namespace, String name) {
    Optional<Pod> pod = view.selected(namespace) ? view.pod(namespace, name) : Optional.empty();
    WorkloadInstance workload = pod.flatMap(p -> workload(view, p)).orElse(null);
    return replace(workloads, namespace + "/" + name, workload) ? Change.ENDPOINTS : Change.NONE;
  }

  /** Recomputes everything, e.g. after namespace selection or node locality changed. */
  Change rebuild(ClusterView view) {
    Map<String, MeshService> newServices = new HashMap<>();
    Map<String, List<Endpoint>> newEndpoints = new HashMap<>();
    for (Service s : view.services()) {
      String ns = s.getMetadata().getNamespace();
      String id = ns + "/" + s.getMetadata().getName();
      MeshService mesh = converter.convert(s);
      newServices.put(id, mesh);
      newEndpoints.put(id, EndpointSliceConverter.convert(s, mesh, view.slicesOf(ns, s.getMetadata().getName()), view));
    }
    Map<String, WorkloadInstance> newWorkloads = new HashMap<>();
    for (Pod p : view.pods()) {
      workload(view, p).ifPresent(w -> newWorkloads.put(w.namespace() + "/" + w.name(), w));
    }
    Change change = !newServices.equals(services) ? Change.SERVICES
        : !newEndpoints.equals(endpoints) || !newWorkloads.equals(workloads) ? Change.ENDPOINTS : Change.NONE;
    services = newServices;
    endpoints = newEndpoints;
    workloads = newWorkloads;
    return change;
  }

  /** Every service, by host name. */
  List<MeshService> services() {
    return services.values().stream().sorted(Comparator.comparing(MeshService::hostname)).toList();
  }

  /** Endpoints by service definition. */
  Map<ServiceKey, List<Endpoint>> endpoints() {
    Map<ServiceKey, List<Endpoint>> out = new HashMap<>();
    endpoints.forEach((id, eps) -> out.put(services.get(id).key(), eps));
    return out;
  }

  /** Every running pod, by namespace and name. */
  List<WorkloadInstance> workloads() {
    return workloads.values().stream()
        .sorted(Comparator.comparing(WorkloadInstance::namespace).thenComparing(WorkloadInstance::name))
        .toList();
  }

  private static Optional<WorkloadInstance> workload(ClusterView view, Pod pod) {
    return PodConverter.convert(pod, PodConverter.nodeName(pod).flatMap(view::node));
  }

  private static <V> boolean replace(Map<String, V> map, String id, V value) {
    V old = value == null ? map.remove(id) : map.put(id, value);
    return !Objects.equals(old, value);
  }
}

package dev.rigging.istiod.config.kube;

import dev.rigging.istiod.registry.kube.EndpointSliceConverter;
import dev.rigging.mesh.config.Kind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code ClusterInformers} owns the informers of one cluster (the six Istio networking kinds,
 * Services, EndpointSlices, Pods, Nodes and Namespaces, all namespaces) and answers lookups from
 * their caches. Objects outside the discovery selector's namespaces are invisible through it.
 */
final class ClusterInformers implements ClusterView, AutoCloseable {
  private static final String BY_SERVICE = "service";
  private static final String BY_POD = "pod";

  private final Map<Kind, SharedIndexInformer<GenericKubernetesResource>> istio = new EnumMap<>(Kind.class);
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<EndpointSlice> slices;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Namespace> namespaces;
  private final Map<String, String> discoverySelector;

  /** Creates the informers without starting them; {@code discoverySelector} empty selects every namespace. */
  ClusterInformers(KubernetesClient client, Map<String, String> discoverySelector) {
    this.discoverySelector = Map.copyOf(discoverySelector);
    for (Kind kind : Kind.values()) {
      istio.put(kind, client.genericKubernetesResources(IstioCrds.context(kind)).inAnyNamespace().runnableInformer(0));
    }
    services = client.services().inAnyNamespace().runnableInformer(0);
    slices = client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0);
    slices.addIndexers(Map.of(BY_SERVICE, ClusterInformers::serviceOf, BY_POD, ClusterInformers::podsOf));
    pods = client.pods().inAnyNamespace().runnableInformer(0);
    nodes = client.nodes().runnableInformer(0);
    namespaces = client.namespaces().runnableInformer(0);
  }

  /** Every informer, named for logs. */
  Map<String, SharedIndexInformer<?>> all() {
    Map<String, SharedIndexInformer<?>> out = new LinkedHashMap<>();
    istio.forEach((kind, informer) -> out.put(kind.kindName(), informer));
    out.put("Service", services);
    out.put("EndpointSlice", slices);
    out.put("Pod", pods);
    out.put("Node", nodes);
    out.put("Namespace", namespaces);
    return out;
  }

  SharedIndexInformer<GenericKubernetesResource> istio(Kind kind) {
    return istio.get(kind);
  }

  SharedIndexInformer<Service> serviceInformer() {
    return services;
  }

  SharedIndexInformer<EndpointSlice> sliceInformer() {
    return slices;
  }

  SharedIndexInformer<Pod> podInformer() {
    return pods;
  }

  SharedIndexInformer<Node> nodeInformer() {
    return nodes;
  }

  SharedIndexInformer<Namespace> namespaceInformer() {
    return namespaces;
  }

  /** Starts every informer; completes once all have listed their resources. */
  CompletableFuture<Void> start() {
    return CompletableFuture.allOf(all().values().stream()
        .map(i -> i.start().toCompletableFuture())
        .toArray(CompletableFuture[]::new));
  }

  /** Whether any discovery selector narrows the mesh to some namespaces. */
  boolean filtersNamespaces() {
    return !discoverySelector.isEmpty();
  }

  /** Whether a namespace with these labels is selected. */
  boolean selects(Namespace namespace) {
    if (discoverySelector.isEmpty()) {
      return true;
    }
    Map<String, String> labels = namespace == null || namespace.getMetadata().getLabels() == null
        ? Map.of() : namespace.getMetadata().getLabels();
    return discoverySelector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  @Override
  public boolean selected(String namespace) {
    return discoverySelector.isEmpty() || selects(namespaces.getStore().getByKey(namespace));
  }

  Optional<GenericKubernetesResource> istioObject(Kind kind, String namespace, String name) {
    return selected(namespace) ? Optional.ofNullable(istio.get(kind).getStore().getByKey(namespace + "/" + name))
        : Optional.empty();
  }

  List<GenericKubernetesResource> istioObjects(Kind kind) {
    return inSelected(istio.get(kind).getStore().list());
  }

  @Override
  public Optional<Service> service(String namespace, String name) {
    return Optional.ofNullable(services.getStore().getByKey(namespace + "/" + name));
  }

  @Override
  public List<EndpointSlice> slicesOf(String namespace, String serviceName) {
    return slices.getIndexer().byIndex(BY_SERVICE, namespace + "/" + serviceName);
  }

  /** The EndpointSlices with an endpoint backed by pod {@code namespace/name}. */
  List<EndpointSlice> slicesReferencing(String namespace, String podName) {
    return slices.getIndexer().byIndex(BY_POD, namespace + "/" + podName);
  }

  @Override
  public List<Service> services() {
    return inSelected(services.getStore().list());
  }

  @Override
  public List<Pod> pods() {
    return inSelected(pods.getStore().list());
  }

  @Override
  public Optional<Pod> pod(String namespace, String name) {
    return Optional.ofNullable(pods.getStore().getByKey(namespace + "/" + name));
  }

  @Override
  public Optional<Node> node(String name) {
    return Optional.ofNullable(nodes.getStore().getByKey(name));
  }

  @Override
  public void close() {
    all().values().forEach(SharedIndexInformer::stop);
  }

  private <T extends HasMetadata> List<T> inSelected(List<T> objects) {
    return discoverySelector.isEmpty() ? objects
        : objects.stream().filter(o -> selected(o.getMetadata().getNamespace())).toList();
  }

  /** The Service a slice belongs to, as {@code namespace/name}. */
  static String serviceKey(EndpointSlice slice) {
    Map<String, String> labels = slice.getMetadata().getLabels();
    String service = labels == null ? null : labels.get(EndpointSliceConverter.SERVICE_NAME_LABEL);
    return service == null ? null : slice.getMetadata().getNamespace() + "/" + service;
  }

  private static List<String> serviceOf(EndpointSlice slice) {
    String key = serviceKey(slice);
    return key == null ? List.of() : List.of(key);
  }

  private static List<String> podsOf(EndpointSlice slice) {
    if (slice.getEndpoints() == null) {
      return List.of();
    }
    return slice.getEndpoints().stream()
        .map(io.fabric8.kubernetes.api.model.discovery.v1.Endpoint::getTargetRef)
        .filter(Objects::nonNull)
        .filter(ref -> "Pod".equals(ref.getKind()) && ref.getName() != null)
        .map(ref -> namespaceOf(ref, slice) + "/" + ref.getName())
        .distinct()
        .toList();
  }

  private static String namespaceOf(ObjectReference ref, EndpointSlice slice) {
    return ref.getNamespace() != null ? ref.getNamespace() : slice.getMetadata().getNamespace();
  }
}

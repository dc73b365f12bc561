package dev.rigging.istiod.registry.kube;

import dev.rigging.istiod.registry.Endpoint;
import dev.rigging.istiod.registry.Locality;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.ServicePort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code EndpointSliceConverter} turns the EndpointSlices of a Kubernetes Service into mesh
 * {@link Endpoint}s: one per endpoint address and slice port, mapped to the Service port of the same
 * name, with labels, service account and locality of the pod behind it.
 *
 * <p>Health follows istiod: an endpoint is healthy unless its {@code ready} condition is false. A
 * terminating endpoint that is still {@code serving} has {@code ready=false} and is therefore not
 * healthy (Istio only drains such endpoints for persistent-session services, which Rigging does not
 * model). Services with {@code publishNotReadyAddresses} treat every endpoint as healthy.
 */
public final class EndpointSliceConverter {
  /** The label tying an EndpointSlice to its Service. */
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private EndpointSliceConverter() {}

  /**
   * The endpoints of {@code service}, whose mesh form is {@code meshService}, from its slices. An
   * ExternalName service has one endpoint per port: the external name, resolved by the proxy.
   */
  public static List<Endpoint> convert(
      Service service, MeshService meshService, Collection<EndpointSlice> slices, ClusterLookup lookup) {
    ServiceSpec spec = service.getSpec() != null ? service.getSpec() : new ServiceSpec();
    if (KubeServiceConverter.isExternalName(spec)) {
      return externalName(service, meshService);
    }
    boolean allHealthy = Boolean.TRUE.equals(spec.getPublishNotReadyAddresses());
    Map<EndpointId, Endpoint> out = new LinkedHashMap<>();
    slices.stream()
        .filter(s -> !"FQDN".equals(s.getAddressType())) // as istiod: FQDN slices carry no IPs to balance over
        .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
        .forEach(slice -> {
          for (var endpoint : Nulls.list(slice.getEndpoints())) {
            convertEndpoint(slice, endpoint, meshService, allHealthy, lookup)
                .forEach(e -> out.merge(new EndpointId(e), e, EndpointSliceConverter::preferHealthy));
          }
        });
    return out.values().stream()
        .sorted(Comparator.comparingInt(Endpoint::servicePort).thenComparing(Endpoint::address)
            .thenComparingInt(Endpoint::port))
        .toList();
  }

  private static List<Endpoint> convertEndpoint(EndpointSlice slice, io.fabric8.kubernetes.api.model.discovery.v1.Endpoint e,
      MeshService meshService, boolean allHealthy, ClusterLookup lookup) {
    ObjectReference ref = e.getTargetRef();
    boolean podBacked = ref != null && "Pod".equals(ref.getKind());
    Optional<Pod> pod = podBacked
        ? lookup.pod(ref.getNamespace() != null ? ref.getNamespace() : slice.getMetadata().getNamespace(), ref.getName())
        : Optional.empty();
    if (podBacked && pod.isEmpty()) {
      // The pod informer lags the slice informer; without the pod, labels and identity would be wrong.
      // The pod's arrival re-converts this service.
      return List.of();
    }
    Optional<String> nodeName = Optional.ofNullable(e.getNodeName()).or(() -> pod.flatMap(PodConverter::nodeName));
    Optional<Node> node = nodeName.flatMap(lookup::node);
    Locality locality = PodLocality.of(pod, node, e.getZone());
    Map<String, String> labels = pod.map(p -> Nulls.map(p.getMetadata().getLabels())).orElse(Map.of());
    String serviceAccount = pod.map(PodConverter::serviceAccount).orElse("");
    String workload = pod.map(p -> p.getMetadata().getName()).orElse(ref != null ? ref.getName() : "");
    boolean healthy = allHealthy || ready(e.getConditions());
    List<Endpoint> out = new ArrayList<>();
    for (EndpointPort port : Nulls.list(slice.getPorts())) {
      Optional<ServicePort> servicePort = servicePort(meshService, port);
      if (servicePort.isEmpty()) {
        continue;
      }
      for (String address : Nulls.list(e.getAddresses())) {
        out.add(new Endpoint(address, port.getPort(), servicePort.get().port(), labels, locality, 1,
            serviceAccount, healthy, workload));
      }
    }
    return out;
  }

  // Slice ports carry the Service port's name (empty for a single unnamed port) and the resolved target port.
  private static Optional<ServicePort> servicePort(MeshService meshService, EndpointPort port) {
    if (port.getPort() == null) {
      return Optional.empty();
    }
    return meshService.portByName(port.getName() == null ? "" : port.getName());
  }

  private static boolean ready(EndpointConditions conditions) {
    return conditions == null || conditions.getReady() == null || conditions.getReady();
  }

  // While Kubernetes moves an endpoint between slices it may appear in both; keep one, healthy if either is.
  private static Endpoint preferHealthy(Endpoint a, Endpoint b) {
    return a.healthy() || !b.healthy() ? a : b;
  }

  private static List<Endpoint> externalName(Service service, MeshService meshService) {
    String externalName = service.getSpec().getExternalName();
    if (externalName == null || externalName.isBlank()) {
      return List.of();
    }
    return meshService.ports().stream()
        // The service's labels are not a workload's: an external name never takes Istio mTLS.
        .map(p -> new Endpoint(externalName, p.port(), p.port(), meshService.labels(), Locality.UNKNOWN, 1, "", true,
            service.getMetadata().getName(), Endpoint.TLS_MODE_DISABLED))
        .toList();
  }

  private record EndpointId(String address, int port, int servicePort) {
    EndpointId(Endpoint e) {
      this(e.address(), e.port(), e.servicePort());
    }
  }
}

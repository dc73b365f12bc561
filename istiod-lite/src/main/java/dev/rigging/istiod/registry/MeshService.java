package dev.rigging.istiod.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code MeshService} is one service in the mesh registry, from a Kubernetes Service or a
 * ServiceEntry host.
 *
 * @param hostname fully qualified host, e.g. {@code reviews.shop.svc.cluster.local} or {@code api.example.com}
 * @param namespace namespace of the Service or ServiceEntry that defines it
 * @param ports ports, in declaration order
 * @param resolution how clients find endpoints
 * @param external true for ServiceEntry {@code MESH_EXTERNAL} (no mTLS to it by default)
 * @param addresses virtual IPs (ClusterIP, ServiceEntry addresses); may be empty
 * @param labels labels of the defining object (Service or ServiceEntry metadata labels)
 * @param exportTo namespaces that may see this service; {@code *} means all, {@code .} is resolved to the namespace
 * @param origin what defined it, e.g. {@code Service shop/reviews} or {@code ServiceEntry shop/ext}
 * @param createdAt ordering among conflicting definitions of one host (older wins, as in Istio); smaller is older
 * @param registry where the definition comes from (Istio's service registry of the service)
 * @param subjectAltNames identities the service's workloads may present besides their service
 *     accounts (ServiceEntry {@code subjectAltNames}), used as given
 */
public record MeshService(
    String hostname,
    String namespace,
    List<ServicePort> ports,
    Resolution resolution,
    boolean external,
    List<String> addresses,
    Map<String, String> labels,
    Set<String> exportTo,
    String origin,
    long createdAt,
    Registry registry,
    List<String> subjectAltNames) {

  /** How endpoints are resolved. */
  public enum Resolution {
    /** Endpoints are known IPs (Kubernetes ClusterIP services, STATIC ServiceEntries): EDS. */
    STATIC,
    /** Endpoints are DNS names resolved by the proxy (or by the control plane for proxyless clients). */
    DNS,
    /** DNS, one connection per address chosen round robin (Envoy LOGICAL_DNS). */
    DNS_ROUND_ROBIN,
    /** No endpoints: traffic goes to the original destination (headless, ServiceEntry NONE). */
    PASSTHROUGH
  }

  /** Service registries, as Istio's {@code provider.ID}. */
  public enum Registry {
    /** A Kubernetes Service. */
    KUBERNETES,
    /** A ServiceEntry host (Istio's {@code External} registry, whatever the entry's location). */
    SERVICE_ENTRY
  }

  public MeshService {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(namespace, "namespace");
    ports = List.copyOf(ports);
    Objects.requireNonNull(resolution, "resolution");
    addresses = List.copyOf(addresses);
    labels = Map.copyOf(labels);
    exportTo = Set.copyOf(exportTo);
    Objects.requireNonNull(registry, "registry");
    subjectAltNames = List.copyOf(subjectAltNames);
  }

  /** The port with this number, if the service has it. */
  public Optional<ServicePort> port(int number) {
    return ports.stream().filter(p -> p.port() == number).findFirst();
  }

  /** The port with this name, if the service has it. */
  public Optional<ServicePort> portByName(String name) {
    return ports.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** Whether a proxy in {@code proxyNamespace} may see this service. */
  public boolean visibleFrom(String proxyNamespace) {
    return exportTo.isEmpty() || exportTo.contains("*") || exportTo.contains(proxyNamespace)
        || (exportTo.contains(".") && namespace.equals(proxyNamespace));
  }

  /** Key of this definition: host and defining namespace. */
  public ServiceKey key() {
    return new ServiceKey(hostname, namespace);
  }
}

package dev.rigging.istiod.registry.kube;

import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.MeshService.Resolution;
import dev.rigging.istiod.registry.Protocol;
import dev.rigging.istiod.registry.ServiceKey;
import dev.rigging.istiod.registry.ServicePort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code KubeServiceConverter} turns a Kubernetes {@code Service} into the {@link MeshService} istiod
 * derives from it: host {@code NAME.NS.svc.DOMAIN}, ports with Istio's protocol selection, resolution
 * from the service type, cluster IPs as addresses and visibility from {@code networking.istio.io/exportTo}.
 */
public final class KubeServiceConverter {
  /** Istio's annotation restricting which namespaces see a Service. */
  public static final String EXPORT_TO_ANNOTATION = "networking.istio.io/exportTo";

  private final String domainSuffix;

  /** A converter producing host names under {@code domainSuffix}, e.g. {@code cluster.local}. */
  public KubeServiceConverter(String domainSuffix) {
    Objects.requireNonNull(domainSuffix, "domainSuffix");
    if (domainSuffix.isBlank()) {
      throw new IllegalArgumentException("domainSuffix must not be blank; the Kubernetes default is cluster.local");
    }
    this.domainSuffix = domainSuffix;
  }

  /** The mesh host name of Service {@code namespace/name}. */
  public String hostname(String namespace, String name) {
    return name + "." + namespace + ".svc." + domainSuffix;
  }

  /** The registry key of Service {@code namespace/name}. */
  public ServiceKey key(String namespace, String name) {
    return new ServiceKey(hostname(namespace, name), namespace);
  }

  /** The mesh service defined by {@code service}. */
  public MeshService convert(Service service) {
    ObjectMeta meta = service.getMetadata();
    ServiceSpec spec = service.getSpec() != null ? service.getSpec() : new ServiceSpec();
    String namespace = meta.getNamespace();
    Resolution resolution = resolution(spec);
    return new MeshService(
        hostname(namespace, meta.getName()),
        namespace,
        ports(spec),
        resolution,
        false,
        resolution == Resolution.STATIC ? clusterIps(spec) : List.of(),
        Nulls.map(meta.getLabels()),
        exportTo(Nulls.map(meta.getAnnotations()).get(EXPORT_TO_ANNOTATION)),
        "Service " + namespace + "/" + meta.getName(),
        createdAt(meta.getCreationTimestamp()),
        MeshService.Registry.KUBERNETES,
        List.of());
  }

  static boolean isExternalName(ServiceSpec spec) {
    return "ExternalName".equals(spec.getType());
  }

  static boolean isHeadless(ServiceSpec spec) {
    return "None".equals(spec.getClusterIP());
  }

  private static Resolution resolution(ServiceSpec spec) {
    if (isExternalName(spec)) {
      return Resolution.DNS;
    }
    return isHeadless(spec) ? Resolution.PASSTHROUGH : Resolution.STATIC;
  }

  private static List<ServicePort> ports(ServiceSpec spec) {
    List<ServicePort> out = new ArrayList<>();
    for (io.fabric8.kubernetes.api.model.ServicePort p : Nulls.list(spec.getPorts())) {
      if (p.getPort() == null) {
        continue;
      }
      out.add(new ServicePort(p.getName(), p.getPort(), protocol(p), targetPort(p.getTargetPort())));
    }
    return out;
  }

  /**
   * Istio's choice for a Kubernetes port: UDP ports are UDP whatever their name; otherwise
   * {@code appProtocol}, then the name prefix.
   */
  static Protocol protocol(io.fabric8.kubernetes.api.model.ServicePort port) {
    if ("UDP".equals(port.getProtocol())) {
      return Protocol.UDP;
    }
    return Protocol.select(standardAppProtocol(port.getAppProtocol()), port.getName());
  }

  // Kubernetes reserves these appProtocol values; Istio maps them (h2c is already known to Protocol.parse).
  private static String standardAppProtocol(String appProtocol) {
    if ("kubernetes.io/ws".equals(appProtocol)) {
      return "http";
    }
    if ("kubernetes.io/wss".equals(appProtocol)) {
      return "https";
    }
    return appProtocol;
  }

  // A named targetPort resolves per pod; the EndpointSlice carries the number, so here it stays unknown (0).
  private static int targetPort(IntOrString target) {
    return target != null && target.getIntVal() != null ? target.getIntVal() : 0;
  }

  private static List<String> clusterIps(ServiceSpec spec) {
    List<String> ips = spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty()
        ? (spec.getClusterIP() == null ? List.of() : List.of(spec.getClusterIP()))
        : spec.getClusterIPs();
    return ips.stream().filter(ip -> !ip.isBlank() && !ip.equals("None")).distinct().toList();
  }

  /** The namespaces named by an exportTo annotation value; {@code *} (everyone) when absent or empty. */
  static Set<String> exportTo(String annotation) {
    if (annotation == null) {
      return Set.of("*");
    }
    Set<String> out = new LinkedHashSet<>();
    Arrays.stream(annotation.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
    return out.isEmpty() ? Set.of("*") : out;
  }

  // Istio orders conflicting definitions by creation time; a Service without one sorts first, like Go's zero time.
  private static long createdAt(String creationTimestamp) {
    if (creationTimestamp == null || creationTimestamp.isBlank()) {
      return 0;
    }
    try {
      return Instant.parse(creationTimestamp).toEpochMilli();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }
}

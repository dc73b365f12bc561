package dev.rigging.istiod.registry;

import dev.rigging.mesh.api.networking.ServiceEntry;
import dev.rigging.mesh.api.networking.WorkloadEntry;
import dev.rigging.mesh.config.ConfigObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ServiceEntryConverter} turns ServiceEntries into registry services and endpoints, the way
 * Istio's ServiceEntry registry does: one service per host, endpoints from the inline
 * {@code endpoints} or from WorkloadEntries and pods selected by {@code workloadSelector} in the
 * same namespace, and for DNS resolution without endpoints the host itself.
 */
public final class ServiceEntryConverter {

  private ServiceEntryConverter() {}

  /** Services and their endpoints. */
  public record Converted(List<MeshService> services, Map<ServiceKey, List<Endpoint>> endpoints) {}

  /**
   * Converts every ServiceEntry.
   *
   * @param entries ServiceEntries
   * @param workloadEntries WorkloadEntries (selected by label from ServiceEntries in their namespace)
   * @param pods Kubernetes workloads (selected the same way), empty in file mode
   */
  public static Converted convert(
      List<ConfigObject<ServiceEntry>> entries,
      List<ConfigObject<WorkloadEntry>> workloadEntries,
      List<WorkloadInstance> pods) {
    List<MeshService> services = new ArrayList<>();
    Map<ServiceKey, List<Endpoint>> endpoints = new java.util.HashMap<>();
    for (ConfigObject<ServiceEntry> se : entries) {
      ServiceEntry spec = se.spec();
      List<ServicePort> ports = spec.ports().stream()
          .map(p -> new ServicePort(p.name(), p.number(), Protocol.select(p.protocol(), p.name()),
              p.targetPort() == null ? 0 : p.targetPort()))
          .toList();
      MeshService.Resolution resolution = switch (spec.resolutionOrDefault()) {
        case STATIC -> MeshService.Resolution.STATIC;
        case DNS -> MeshService.Resolution.DNS;
        case DNS_ROUND_ROBIN -> MeshService.Resolution.DNS_ROUND_ROBIN;
        case NONE -> MeshService.Resolution.PASSTHROUGH;
      };
      Set<String> exportTo = spec.exportTo().isEmpty() ? Set.of("*") : new LinkedHashSet<>(spec.exportTo());
      long createdAt = createdAt(se);
      List<Workload> workloads = workloads(se, workloadEntries, pods);
      for (String host : spec.hosts()) {
        MeshService svc = new MeshService(host, se.namespace(), ports, resolution,
            spec.locationOrDefault() == ServiceEntry.Location.MESH_EXTERNAL, spec.addresses(),
            se.meta().labels(), exportTo, "ServiceEntry " + se.namespace() + "/" + se.name(), createdAt,
            MeshService.Registry.SERVICE_ENTRY, spec.subjectAltNames());
        services.add(svc);
        List<Endpoint> eps = new ArrayList<>();
        if (workloads.isEmpty() && (resolution == MeshService.Resolution.DNS
            || resolution == MeshService.Resolution.DNS_ROUND_ROBIN) && !host.startsWith("*")) {
          for (ServicePort p : ports) {
            eps.add(new Endpoint(host, p.targetPort(), p.port(), Map.of(), Locality.UNKNOWN, 1, "", true, host,
                Endpoint.TLS_MODE_DISABLED));
          }
        }
        for (Workload w : workloads) {
          for (ServicePort p : ports) {
            Integer named = w.namedPorts().get(p.name());
            int port = named != null ? named : p.targetPort();
            eps.add(new Endpoint(w.address(), port, p.port(), w.labels(), w.locality(), w.weight(),
                w.serviceAccount(), w.healthy(), w.name(), w.tlsMode()));
          }
        }
        if (!eps.isEmpty()) {
          endpoints.merge(svc.key(), eps, (a, b) -> {
            List<Endpoint> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
          });
        }
      }
    }
    return new Converted(services, endpoints);
  }

  private record Workload(String name, String address, Map<String, String> labels, Locality locality, int weight,
      String serviceAccount, Map<String, Integer> namedPorts, boolean healthy, String tlsMode) {}

  private static List<Workload> workloads(
      ConfigObject<ServiceEntry> se, List<ConfigObject<WorkloadEntry>> wes, List<WorkloadInstance> pods) {
    ServiceEntry spec = se.spec();
    List<Workload> out = new ArrayList<>();
    int i = 0;
    for (WorkloadEntry we : spec.endpoints()) {
      out.add(fromEntry(se.name() + "[" + i++ + "]", we));
    }
    if (spec.workloadSelector() != null) {
      for (ConfigObject<WorkloadEntry> we : wes) {
        if (we.namespace().equals(se.namespace()) && spec.workloadSelector().matches(we.spec().labels())) {
          out.add(fromEntry("WorkloadEntry " + we.namespace() + "/" + we.name(), we.spec()));
        }
      }
      for (WorkloadInstance p : pods) {
        if (p.namespace().equals(se.namespace()) && spec.workloadSelector().matches(p.labels())) {
          out.add(new Workload("Pod " + p.namespace() + "/" + p.name(), p.address(), p.labels(), p.locality(),
              p.weight(), p.serviceAccount(), p.namedPorts(), p.healthy(), Endpoint.labelTlsMode(p.labels())));
        }
      }
    }
    return out;
  }

  private static Workload fromEntry(String name, WorkloadEntry we) {
    return new Workload(name, we.address(), we.labels(), Locality.parse(we.locality()),
        we.weight() == null ? 1 : we.weight(), we.serviceAccount(), we.ports(), true, tlsMode(we));
  }

  /**
   * Istio's TLS mode of a WorkloadEntry (inline or standalone): its {@value Endpoint#TLS_MODE_LABEL}
   * label, else {@value Endpoint#TLS_MODE_ISTIO} when it names a service account (an identity
   * means a mesh workload), else {@value Endpoint#TLS_MODE_DISABLED}.
   */
  private static String tlsMode(WorkloadEntry we) {
    String label = we.labels().get(Endpoint.TLS_MODE_LABEL);
    if (label != null) {
      return label;
    }
    return we.serviceAccount() != null && !we.serviceAccount().isEmpty()
        ? Endpoint.TLS_MODE_ISTIO : Endpoint.TLS_MODE_DISABLED;
  }

  private static long createdAt(ConfigObject<ServiceEntry> se) {
    String ts = se.meta().creationTimestamp();
    if (ts == null || ts.isBlank()) {
      return 0;
    }
    try {
      return java.time.Instant.parse(ts).toEpochMilli();
    } catch (java.time.format.DateTimeParseException e) {
      return 0;
    }
  }
}

package dev.rigging.mesh.api.networking;

import java.util.List;

/**
 * {@code ServiceEntry} is the spec of a networking.istio.io ServiceEntry: adds services to the
 * mesh's registry, with inline endpoints or WorkloadEntries selected by labels.
 */
public record ServiceEntry(
    List<String> hosts,
    List<String> addresses,
    List<ServicePort> ports,
    Location location,
    Resolution resolution,
    List<WorkloadEntry> endpoints,
    WorkloadSelector workloadSelector,
    List<String> exportTo,
    List<String> subjectAltNames) {

  public ServiceEntry {
    hosts = Nulls.list(hosts);
    addresses = Nulls.list(addresses);
    ports = Nulls.list(ports);
    endpoints = Nulls.list(endpoints);
    exportTo = Nulls.list(exportTo);
    subjectAltNames = Nulls.list(subjectAltNames);
  }

  /** Whether the service is part of the mesh (mTLS-capable workloads) or external. */
  public enum Location { MESH_EXTERNAL, MESH_INTERNAL }

  /** How endpoints are resolved. */
  public enum Resolution { NONE, STATIC, DNS, DNS_ROUND_ROBIN }

  /** The effective location ({@code MESH_EXTERNAL} when absent, as in Istio). */
  public Location locationOrDefault() {
    return location == null ? Location.MESH_EXTERNAL : location;
  }

  /** The effective resolution ({@code NONE} when absent, as in Istio). */
  public Resolution resolutionOrDefault() {
    return resolution == null ? Resolution.NONE : resolution;
  }

  /** A port of the service: number, protocol (HTTP, HTTP2, GRPC, TCP, TLS, HTTPS, MONGO…), name. */
  public record ServicePort(Integer number, String protocol, String name, Integer targetPort) {}
}

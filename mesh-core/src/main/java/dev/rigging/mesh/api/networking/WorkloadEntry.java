package dev.rigging.mesh.api.networking;

import java.util.Map;

/**
 * {@code WorkloadEntry} is the spec of a networking.istio.io WorkloadEntry (also the form of a
 * ServiceEntry's inline endpoints): one non-Kubernetes workload.
 *
 * @param ports port name to port number overrides for this workload
 */
public record WorkloadEntry(
    String address,
    Map<String, Integer> ports,
    Map<String, String> labels,
    String network,
    String locality,
    Integer weight,
    String serviceAccount) {

  public WorkloadEntry {
    ports = Nulls.map(ports);
    labels = Nulls.map(labels);
  }
}

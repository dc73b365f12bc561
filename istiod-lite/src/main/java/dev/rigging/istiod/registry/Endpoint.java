package dev.rigging.istiod.registry;

import java.util.Map;
import java.util.Objects;

/**
 * {@code Endpoint} is one workload instance behind one port of a service.
 *
 * @param address IP address (or DNS name for DNS-resolved services seen by Envoy)
 * @param port the port on the workload (the target port)
 * @param servicePort the service port number this endpoint serves
 * @param labels workload labels (subsets select on these)
 * @param locality where the workload runs
 * @param weight load balancing weight, at least 1
 * @param serviceAccount workload service account (for SPIFFE identity), empty if unknown
 * @param healthy false for not-ready endpoints (excluded from load balancing)
 * @param workload name of the workload (pod, WorkloadEntry or ServiceEntry endpoint), for debugging
 */
public record Endpoint(
    String address,
    int port,
    int servicePort,
    Map<String, String> labels,
    Locality locality,
    int weight,
    String serviceAccount,
    boolean healthy,
    String workload) {
  public Endpoint {
    Objects.requireNonNull(address, "address");
    labels = Map.copyOf(labels);
    locality = locality == null ? Locality.UNKNOWN : locality;
    weight = Math.max(1, weight);
    serviceAccount = serviceAccount == null ? "" : serviceAccount;
    workload = workload == null ? "" : workload;
  }
}

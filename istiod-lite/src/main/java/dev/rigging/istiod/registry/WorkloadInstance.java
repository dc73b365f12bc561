package dev.rigging.istiod.registry;

import java.util.Map;
import java.util.Objects;

/**
 * {@code WorkloadInstance} is a running workload known to the registry independently of any
 * service (a Kubernetes pod or a WorkloadEntry), so that ServiceEntries can select it by labels.
 */
public record WorkloadInstance(
    String name,
    String namespace,
    String address,
    Map<String, String> labels,
    String serviceAccount,
    Locality locality,
    int weight,
    Map<String, Integer> namedPorts,
    boolean healthy) {
  public WorkloadInstance {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(address, "address");
    labels = Map.copyOf(labels);
    serviceAccount = serviceAccount == null ? "" : serviceAccount;
    locality = locality == null ? Locality.UNKNOWN : locality;
    namedPorts = Map.copyOf(namedPorts);
  }
}

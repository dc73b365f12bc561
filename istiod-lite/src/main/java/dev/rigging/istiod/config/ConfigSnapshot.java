package dev.rigging.istiod.config;

import dev.rigging.istiod.registry.Endpoint;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.ServiceKey;
import dev.rigging.istiod.registry.WorkloadInstance;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigObject;
import dev.rigging.mesh.config.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ConfigSnapshot} is everything the control plane knows at one instant: the valid Istio
 * objects and, in Kubernetes mode, the services, endpoints and workloads read from the API server.
 *
 * @param configs valid Istio objects by key
 * @param kubeServices services from Kubernetes Services (empty in file mode)
 * @param kubeEndpoints endpoints of those services, from EndpointSlices
 * @param kubeWorkloads pods, for ServiceEntry workload selectors
 * @param credentials TLS Secrets by {@code namespace/name}, for {@code credentialName} (Kubernetes mode)
 * @param revision increases with every change
 */
public record ConfigSnapshot(
    Map<ConfigKey, ConfigObject<?>> configs,
    List<MeshService> kubeServices,
    Map<ServiceKey, List<Endpoint>> kubeEndpoints,
    List<WorkloadInstance> kubeWorkloads,
    Map<String, Credential> credentials,
    long revision) {

  public static final ConfigSnapshot EMPTY = new ConfigSnapshot(Map.of(), List.of(), Map.of(), List.of(), 0);

  public ConfigSnapshot {
    configs = Map.copyOf(configs);
    kubeServices = List.copyOf(kubeServices);
    kubeEndpoints = Map.copyOf(kubeEndpoints);
    kubeWorkloads = List.copyOf(kubeWorkloads);
    credentials = Map.copyOf(credentials);
  }

  /** A snapshot without credentials. */
  public ConfigSnapshot(Map<ConfigKey, ConfigObject<?>> configs, List<MeshService> kubeServices,
      Map<ServiceKey, List<Endpoint>> kubeEndpoints, List<WorkloadInstance> kubeWorkloads, long revision) {
    this(configs, kubeServices, kubeEndpoints, kubeWorkloads, Map.of(), revision);
  }

  /** The objects of one kind, typed. */
  @SuppressWarnings("unchecked")
  public <T> List<ConfigObject<T>> of(Kind kind, Class<T> type) {
    return configs.values().stream()
        .filter(o -> o.kind() == kind)
        .map(o -> (ConfigObject<T>) o.as(type))
        .sorted(java.util.Comparator.comparing(ConfigObject::key))
        .toList();
  }

  /** A copy with Istio objects replaced; this same snapshot if nothing differs (no change, no push). */
  public ConfigSnapshot withConfigs(Map<ConfigKey, ConfigObject<?>> newConfigs) {
    if (configs.equals(newConfigs)) {
      return this;
    }
    return new ConfigSnapshot(newConfigs, kubeServices, kubeEndpoints, kubeWorkloads, credentials, revision + 1);
  }

  /** A copy with the Kubernetes registry inputs replaced; this same snapshot if nothing differs. */
  public ConfigSnapshot withKubernetes(
      List<MeshService> services, Map<ServiceKey, List<Endpoint>> endpoints, List<WorkloadInstance> workloads) {
    if (kubeServices.equals(services) && kubeEndpoints.equals(endpoints) && kubeWorkloads.equals(workloads)) {
      return this;
    }
    return new ConfigSnapshot(configs, services, endpoints, workloads, credentials, revision + 1);
  }

  /** A copy with the credentials replaced; this same snapshot if nothing differs. */
  public ConfigSnapshot withCredentials(Map<String, Credential> newCredentials) {
    if (credentials.equals(newCredentials)) {
      return this;
    }
    return new ConfigSnapshot(configs, kubeServices, kubeEndpoints, kubeWorkloads, newCredentials, revision + 1);
  }

  /** A mutable copy of the config map, for building the next snapshot. */
  public Map<ConfigKey, ConfigObject<?>> configsCopy() {
    return new HashMap<>(configs);
  }
}

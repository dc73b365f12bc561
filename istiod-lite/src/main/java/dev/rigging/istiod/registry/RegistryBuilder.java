package dev.rigging.istiod.registry;

import dev.rigging.istiod.config.ConfigSnapshot;
import dev.rigging.mesh.api.networking.ServiceEntry;
import dev.rigging.mesh.api.networking.WorkloadEntry;
import dev.rigging.mesh.config.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code RegistryBuilder} merges Kubernetes services and ServiceEntries into one
 * {@link RegistrySnapshot}, and resolves DNS endpoints to IPs for proxyless clients.
 */
public final class RegistryBuilder {
  private final Function<String, List<String>> resolver;

  /** @param resolver host name to IPs (a {@link HostResolver}'s cache in production) */
  public RegistryBuilder(Function<String, List<String>> resolver) {
    this.resolver = resolver;
  }

  /** The registry for {@code config}. */
  public RegistrySnapshot build(ConfigSnapshot config) {
    var converted = ServiceEntryConverter.convert(
        config.of(Kind.SERVICE_ENTRY, ServiceEntry.class),
        config.of(Kind.WORKLOAD_ENTRY, WorkloadEntry.class),
        config.kubeWorkloads());
    List<MeshService> services = new ArrayList<>(config.kubeServices());
    services.addAll(converted.services());
    Map<ServiceKey, List<Endpoint>> endpoints = new HashMap<>(config.kubeEndpoints());
    converted.endpoints().forEach((k, v) -> endpoints.merge(k, v, (a, b) -> {
      List<Endpoint> all = new ArrayList<>(a);
      all.addAll(b);
      return all;
    }));
    Map<ServiceKey, List<Endpoint>> resolved = new HashMap<>();
    for (MeshService s : services) {
      if (s.resolution() == MeshService.Resolution.DNS || s.resolution() == MeshService.Resolution.DNS_ROUND_ROBIN) {
        List<Endpoint> ips = new ArrayList<>();
        for (Endpoint e : endpoints.getOrDefault(s.key(), List.of())) {
          for (String ip : resolver.apply(e.address())) {
            ips.add(e.withAddress(ip));
          }
        }
        resolved.put(s.key(), ips);
      }
    }
    return new RegistrySnapshot(services, endpoints, resolved);
  }
}

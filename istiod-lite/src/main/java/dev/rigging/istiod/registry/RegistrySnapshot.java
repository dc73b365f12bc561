package dev.rigging.istiod.registry;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code RegistrySnapshot} is an immutable view of every service and its endpoints, merged from
 * Kubernetes and ServiceEntries.
 */
public final class RegistrySnapshot {
  public static final RegistrySnapshot EMPTY = new RegistrySnapshot(List.of(), Map.of(), Map.of());

  private final List<MeshService> services;
  private final Map<ServiceKey, List<Endpoint>> endpoints;
  private final Map<ServiceKey, List<Endpoint>> resolved;
  private final Map<String, List<MeshService>> byHost;

  /**
   * @param services every service definition (several namespaces may define the same host)
   * @param endpoints endpoints per service definition, all ports mixed ({@link Endpoint#servicePort()} tells which);
   *     for DNS-resolved services the addresses are host names, as Envoy resolves them itself
   * @param resolved for DNS-resolved services only: the same endpoints with addresses resolved to IPs by the
   *     control plane (proxyless gRPC clients accept only IP literals)
   */
  public RegistrySnapshot(Collection<MeshService> services, Map<ServiceKey, List<Endpoint>> endpoints,
      Map<ServiceKey, List<Endpoint>> resolved) {
    this.services = services.stream()
        .sorted(Comparator.comparing(MeshService::hostname).thenComparing(MeshService::namespace))
        .toList();
    Map<ServiceKey, List<Endpoint>> eps = new HashMap<>();
    endpoints.forEach((k, v) -> eps.put(k, List.copyOf(v)));
    this.endpoints = Map.copyOf(eps);
    Map<ServiceKey, List<Endpoint>> res = new HashMap<>();
    resolved.forEach((k, v) -> res.put(k, List.copyOf(v)));
    this.resolved = Map.copyOf(res);
    Map<String, List<MeshService>> hosts = new HashMap<>();
    for (MeshService s : this.services) {
      hosts.computeIfAbsent(s.hostname(), h -> new java.util.ArrayList<>()).add(s);
    }
    hosts.replaceAll((h, l) -> l.stream().sorted(Comparator.comparingLong(MeshService::createdAt)
        .thenComparing(MeshService::namespace)).toList());
    this.byHost = Map.copyOf(hosts);
  }

  /** All services, sorted by host then namespace. */
  public List<MeshService> services() {
    return services;
  }

  /** Definitions of {@code hostname}, oldest first. */
  public List<MeshService> byHost(String hostname) {
    return byHost.getOrDefault(hostname, List.of());
  }

  /** All endpoints of a service definition (every port). */
  public List<Endpoint> endpoints(ServiceKey key) {
    return endpoints.getOrDefault(key, List.of());
  }

  /** Endpoints of a service definition serving {@code servicePort}. */
  public List<Endpoint> endpoints(ServiceKey key, int servicePort) {
    return endpoints(key).stream().filter(e -> e.servicePort() == servicePort).toList();
  }

  /**
   * Endpoints with IP addresses only: for DNS-resolved services the control plane's resolution, for
   * the others the same as {@link #endpoints(ServiceKey, int)}.
   */
  public List<Endpoint> ipEndpoints(ServiceKey key, int servicePort) {
    List<Endpoint> r = resolved.get(key);
    if (r == null) {
      return endpoints(key, servicePort);
    }
    return r.stream().filter(e -> e.servicePort() == servicePort).toList();
  }

  /** The same registry with {@code f} applied to every endpoint (resolved ones included). */
  public RegistrySnapshot mapEndpoints(java.util.function.UnaryOperator<Endpoint> f) {
    Map<ServiceKey, List<Endpoint>> eps = new HashMap<>();
    endpoints.forEach((k, v) -> eps.put(k, v.stream().map(f).toList()));
    Map<ServiceKey, List<Endpoint>> res = new HashMap<>();
    resolved.forEach((k, v) -> res.put(k, v.stream().map(f).toList()));
    return new RegistrySnapshot(services, eps, res);
  }

  /** Every endpoint list, by service definition. */
  public Map<ServiceKey, List<Endpoint>> allEndpoints() {
    return endpoints;
  }
}

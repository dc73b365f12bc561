package dev.rigging.istiod.model;

import dev.rigging.istiod.registry.MeshService;
import dev.rigging.mesh.api.networking.Sidecar;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigObject;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code SidecarScope} is what a workload's proxy sees outbound: the services and VirtualServices
 * its Sidecar's {@code egress.hosts} import (all exported ones when no Sidecar applies), per egress
 * listener, and whether unknown destinations pass through.
 *
 * <p>Host imports have Istio's form {@code namespace/host}: namespace {@code *} (any), {@code .}
 * (the workload's own), {@code ~} (none) or a name; host {@code *}, {@code *.suffix} or a name.
 * When one host is defined in several namespaces, the definition in the workload's namespace wins,
 * else the oldest visible one that is imported.
 */
public final class SidecarScope {

  /** One {@code namespace/host} import of an egress listener. */
  public record HostImport(String namespace, String host) {
    static HostImport parse(String spec, String ownNamespace) {
      int slash = spec.indexOf('/');
      String ns = slash < 0 ? "*" : spec.substring(0, slash);
      String host = slash < 0 ? spec : spec.substring(slash + 1);
      return new HostImport(ns.equals(".") ? ownNamespace : ns, host);
    }

    /** Whether an object of {@code objectNamespace} with host {@code hostname} is imported. */
    public boolean imports(String objectNamespace, String hostname) {
      if (namespace.equals("~")) {
        return false;
      }
      return (namespace.equals("*") || namespace.equals(objectNamespace)) && HostNames.overlaps(host, hostname);
    }
  }

  /** An egress listener: its port (null for all ports without a listener of their own) and imports. */
  public record EgressListener(Integer port, List<HostImport> hosts) {
    public EgressListener {
      hosts = List.copyOf(hosts);
    }

    boolean imports(String objectNamespace, String hostname) {
      return hosts.stream().anyMatch(h -> h.imports(objectNamespace, hostname));
    }
  }

  private final String namespace;
  private final ConfigKey sidecar;
  private final boolean allowAnyOutbound;
  private final List<EgressListener> listeners;
  private final Map<EgressListener, List<MeshService>> servicesByListener;
  private final List<MeshService> services;
  private final Map<Integer, List<MeshService>> byPort = new ConcurrentHashMap<>();

  private SidecarScope(String namespace, ConfigKey sidecar, boolean allowAnyOutbound, List<EgressListener> listeners,
      Map<EgressListener, List<MeshService>> servicesByListener, List<MeshService> services) {
    this.namespace = namespace;
    this.sidecar = sidecar;
    this.allowAnyOutbound = allowAnyOutbound;
    this.listeners = listeners;
    this.servicesByListener = servicesByListener;
    this.services = services;
  }

  /**
   * The scope of {@code sidecar} (null for none) for workloads in {@code namespace}.
   *
   * @param candidates per host (sorted), the definitions visible from {@code namespace}, preferred first
   */
  static SidecarScope build(String namespace, ConfigObject<Sidecar> sidecar, Map<String, List<MeshService>> candidates,
      MeshSettings mesh) {
    List<EgressListener> listeners = new ArrayList<>();
    boolean allowAny = mesh.allowAnyOutbound();
    if (sidecar == null || sidecar.spec().egress().isEmpty()) {
      listeners.add(new EgressListener(null, List.of(new HostImport("*", "*"))));
    } else {
      for (Sidecar.IstioEgressListener e : sidecar.spec().egress()) {
        Integer port = e.port() == null ? null : e.port().number();
        listeners.add(new EgressListener(port, e.hosts().stream().map(h -> HostImport.parse(h, namespace)).toList()));
      }
    }
    if (sidecar != null && sidecar.spec().outboundTrafficPolicy() != null
        && sidecar.spec().outboundTrafficPolicy().mode() != null) {
      allowAny = sidecar.spec().outboundTrafficPolicy().mode() == Sidecar.OutboundMode.ALLOW_ANY;
    }
    Map<EgressListener, List<MeshService>> byListener = new IdentityHashMap<>();
    listeners.forEach(l -> byListener.put(l, new ArrayList<>()));
    List<MeshService> union = new ArrayList<>();
    for (List<MeshService> defs : candidates.values()) {
      MeshService chosenForUnion = null;
      for (EgressListener l : listeners) {
        for (MeshService s : defs) {
          if (l.imports(s.namespace(), s.hostname())) {
            byListener.get(l).add(s);
            if (chosenForUnion == null) {
              chosenForUnion = s;
            }
            break;
          }
        }
      }
      if (chosenForUnion != null) {
        union.add(chosenForUnion);
      }
    }
    byListener.replaceAll((l, v) -> List.copyOf(v));
    return new SidecarScope(namespace, sidecar == null ? null : sidecar.key(), allowAny, List.copyOf(listeners),
        byListener, List.copyOf(union));
  }

  public String namespace() {
    return namespace;
  }

  /** The Sidecar resource in effect, or null. */
  public ConfigKey sidecar() {
    return sidecar;
  }

  /** {@code ALLOW_ANY} (true) or {@code REGISTRY_ONLY} for destinations outside the registry. */
  public boolean allowAnyOutbound() {
    return allowAnyOutbound;
  }

  /** Every imported service, one definition per host, sorted by host. */
  public List<MeshService> services() {
    return services;
  }

  /** The egress listener that decides port {@code port}: the one declaring it, else the one without port. */
  public EgressListener listenerFor(int port) {
    EgressListener catchAll = null;
    for (EgressListener l : listeners) {
      if (l.port() != null && l.port() == port) {
        return l;
      }
      if (l.port() == null && catchAll == null) {
        catchAll = l;
      }
    }
    return catchAll;
  }

  /** Services reachable on {@code port}: imported by the listener for that port and having the port. */
  public List<MeshService> servicesOnPort(int port) {
    return byPort.computeIfAbsent(port, p -> {
      EgressListener l = listenerFor(p);
      if (l == null) {
        return List.of();
      }
      List<MeshService> out = new ArrayList<>();
      for (MeshService s : servicesByListener.get(l)) {
        if (s.port(p).isPresent()) {
          out.add(s);
        }
      }
      return List.copyOf(out);
    });
  }

  /** Whether the listener for {@code port} imports the VirtualService (one of its hosts, in its namespace). */
  public boolean importsVirtualService(ResolvedVirtualService vs, int port) {
    EgressListener l = listenerFor(port);
    return l != null && vs.hosts().stream().anyMatch(h -> l.imports(vs.namespace(), h));
  }
}

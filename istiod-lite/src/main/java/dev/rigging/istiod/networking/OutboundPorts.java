package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.model.SidecarScope;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.ServicePort;
import dev.rigging.istiod.registry.ServiceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code OutboundPorts} lists, per port number, the services proxies of a scope reach on that
 * port, split into HTTP services (routed by an HTTP connection manager and RDS) and the others
 * (TCP proxying). Protocol sniffing is not implemented: a port without a declared HTTP protocol
 * is TCP.
 */
final class OutboundPorts {
  private OutboundPorts() {}

  /** The services on one port. */
  record PortServices(int port, List<MeshService> http, List<MeshService> tcp) {
    boolean hasHttp() {
      return !http.isEmpty();
    }
  }

  /** A proxyless client's dial target: a service and one of its ports. */
  record Target(MeshService service, ServicePort port) {
    String name() {
      return service.hostname() + ":" + port.port();
    }
  }

  private record PortsKey(ProxyScope scope) {}

  private record TargetsKey(ProxyScope scope) {}

  /** Ports with their services, sorted by port. */
  static List<PortServices> of(PushContext push, ProxyScope scope) {
    return push.memo(new PortsKey(scope), () -> {
      SidecarScope sc = push.sidecarScope(scope);
      TreeSet<Integer> ports = new TreeSet<>();
      sc.services().forEach(s -> s.ports().forEach(p -> ports.add(p.port())));
      List<PortServices> out = new ArrayList<>();
      for (int port : ports) {
        List<MeshService> http = new ArrayList<>();
        List<MeshService> tcp = new ArrayList<>();
        for (MeshService s : sc.servicesOnPort(port)) {
          (s.port(port).orElseThrow().protocol().isHttp() ? http : tcp).add(s);
        }
        if (!http.isEmpty() || !tcp.isEmpty()) {
          out.add(new PortServices(port, List.copyOf(http), List.copyOf(tcp)));
        }
      }
      return List.copyOf(out);
    });
  }

  /** Every service port a proxyless client may dial, by host then port. */
  static List<Target> targets(PushContext push, ProxyScope scope) {
    return push.memo(new TargetsKey(scope), () -> {
      List<Target> out = new ArrayList<>();
      SidecarScope sc = push.sidecarScope(scope);
      Map<Integer, Set<ServiceKey>> reachable = new HashMap<>();
      for (MeshService s : sc.services()) {
        if (s.resolution() == MeshService.Resolution.PASSTHROUGH) {
          continue;
        }
        for (ServicePort p : s.ports()) {
          Set<ServiceKey> onPort = reachable.computeIfAbsent(p.port(), port -> sc.servicesOnPort(port).stream()
              .map(MeshService::key).collect(Collectors.toSet()));
          if (onPort.contains(s.key())) {
            out.add(new Target(s, p));
          }
        }
      }
      return List.copyOf(out);
    });
  }
}

package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.registry.Protocol;
import dev.rigging.mesh.api.networking.Gateway;
import dev.rigging.mesh.config.ConfigObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GatewayServers} merges the servers of every Gateway selecting a gateway proxy by port,
 * like Istio: a port carries either plain HTTP servers (one connection manager, routes
 * {@code http.PORT}) or TLS/TCP servers (one filter chain each); servers of the other kind on an
 * already used port are dropped. Server host namespaces ({@code ./host}) are resolved to the
 * Gateway's namespace.
 */
final class GatewayServers {
  private GatewayServers() {}

  /** How a server is served. */
  enum Kind { HTTP, HTTPS_TERMINATE, TLS_PASSTHROUGH, TLS_TERMINATE, TCP }

  /**
   * One server of one Gateway.
   *
   * @param gateway {@code namespace/name}
   * @param hosts server hosts as {@code namespace/host} ({@code *} namespace when none was given)
   * @param routeName RDS name for HTTP and terminated HTTPS servers, empty otherwise
   */
  record Server(String gateway, ConfigObject<Gateway> config, Gateway.Server server, Kind kind, List<String> hosts,
      String routeName) {
    int port() {
      return server.port().number();
    }

    /** Server hosts without namespace, for SNI; {@code *} dropped (Envoy rejects it as a server name). */
    List<String> sniHosts() {
      return hosts.stream().map(h -> h.substring(h.indexOf('/') + 1)).filter(h -> !h.equals("*"))
          .distinct().sorted().toList();
    }

    /** The hosts a VirtualService in {@code namespace} may bind to (Istio's NamesForNamespace). */
    List<String> hostsFor(String namespace) {
      List<String> out = new ArrayList<>();
      for (String h : hosts) {
        int slash = h.indexOf('/');
        String ns = h.substring(0, slash);
        if (ns.equals("*") || ns.equals(namespace)) {
          out.add(h.substring(slash + 1));
        }
      }
      return out;
    }
  }

  /** The servers on one port; {@code http} when they are plain HTTP servers. */
  record Port(int number, boolean http, List<Server> servers) {}

  private record Key(ProxyScope scope) {}

  /** The merged servers of the Gateways selecting {@code scope}, by port. */
  static List<Port> of(PushContext push, ProxyScope scope) {
    return push.memo(new Key(scope), () -> {
      Map<Integer, List<Server>> byPort = new TreeMap<>();
      Map<Integer, Boolean> httpPort = new TreeMap<>();
      for (String name : scope.gateways()) {
        ConfigObject<Gateway> gw = push.gateway(name);
        if (gw == null) {
          continue;
        }
        for (Gateway.Server s : gw.spec().servers()) {
          if (s.port() == null || s.port().number() == null) {
            continue;
          }
          Server server = server(name, gw, s);
          boolean http = server.kind() == Kind.HTTP;
          Boolean existing = httpPort.putIfAbsent(server.port(), http);
          if (existing != null && existing != http) {
            continue;
          }
          byPort.computeIfAbsent(server.port(), p -> new ArrayList<>()).add(server);
        }
      }
      List<Port> out = new ArrayList<>();
      byPort.forEach((p, servers) -> out.add(new Port(p, httpPort.get(p), List.copyOf(servers))));
      return List.copyOf(out);
    });
  }

  private static Server server(String gateway, ConfigObject<Gateway> gw, Gateway.Server s) {
    Protocol protocol = Protocol.parse(s.port().protocol());
    Gateway.ServerTLSMode mode = s.tls() == null ? null : s.tls().mode();
    boolean passthrough = mode == Gateway.ServerTLSMode.PASSTHROUGH || mode == Gateway.ServerTLSMode.AUTO_PASSTHROUGH;
    Kind kind;
    if (protocol.isHttp()) {
      kind = Kind.HTTP;
    } else if (protocol == Protocol.HTTPS && s.tls() != null && !passthrough) {
      kind = Kind.HTTPS_TERMINATE;
    } else if (protocol.isTls() && passthrough) {
      kind = Kind.TLS_PASSTHROUGH;
    } else if (protocol == Protocol.TLS && s.tls() != null) {
      kind = Kind.TLS_TERMINATE;
    } else {
      kind = Kind.TCP;
    }
    List<String> hosts = s.hosts().stream().map(h -> {
      int slash = h.indexOf('/');
      if (slash < 0) {
        return "*/" + h;
      }
      String ns = h.substring(0, slash);
      return (ns.equals(".") ? gw.namespace() : ns) + h.substring(slash);
    }).toList();
    String bind = s.bind() == null || s.bind().isEmpty() ? "" : "." + s.bind();
    String routeName = switch (kind) {
      case HTTP -> "http." + s.port().number() + bind;
      case HTTPS_TERMINATE -> "https." + s.port().number() + "." + s.port().name() + "." + gw.name() + "."
          + gw.namespace() + bind;
      default -> "";
    };
    return new Server(gateway, gw, s, kind, hosts, routeName);
  }
}

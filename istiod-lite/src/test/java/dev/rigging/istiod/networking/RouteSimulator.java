package dev.rigging.istiod.networking;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.re2j.Pattern;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code RouteSimulator} routes a request through generated config the way the data plane does:
 * find the listener and its route configuration, pick the virtual host by domain (exact, then
 * longest suffix wildcard, then longest prefix wildcard, then {@code *}), then the first route
 * whose match accepts the request (path with case sensitivity, headers, query parameters).
 */
final class RouteSimulator {
  private RouteSimulator() {}

  /** A request: {@code authority} is {@code host[:port]}, {@code path} may carry a query. */
  record Request(String authority, String path, String method, Map<String, String> headers) {
    static Request get(String authority, String path) {
      return new Request(authority, path, "GET", Map.of());
    }

    Request with(String header, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(header.toLowerCase(Locale.ROOT), value);
      return new Request(authority, path, method, h);
    }

    Request method(String m) {
      return new Request(authority, path, m, headers);
    }
  }

  /** The outcome: the route configuration, virtual host and route chosen (route empty when none matched). */
  record Result(String routeConfig, VirtualHost virtualHost, Route route) {
    String cluster() {
      return route.getRoute().getCluster();
    }

    Map<String, Integer> weights() {
      Map<String, Integer> out = new LinkedHashMap<>();
      for (WeightedCluster.ClusterWeight w : route.getRoute().getWeightedClusters().getClustersList()) {
        out.put(w.getName(), w.getWeight().getValue());
      }
      return out;
    }
  }

  /** Routes {@code req} for a sidecar (route configuration named by the port of the authority). */
  static Optional<Result> sidecar(PushContext push, Proxy proxy, int port, Request req) {
    return routeConfig(RouteBuilder.build(push, proxy), Integer.toString(port)).flatMap(rc -> route(rc, req));
  }

  /** Routes {@code req} for a proxyless client that dialled {@code req.authority()}: listener, then its RDS. */
  static Optional<Result> proxyless(PushContext push, Proxy proxy, Request req) {
    Listener l = ListenerBuilder.build(push, proxy).stream()
        .filter(x -> x.getName().equals(req.authority())).findFirst().orElse(null);
    if (l == null) {
      return Optional.empty();
    }
    String rds = hcm(l.getApiListener().getApiListener()).getRds().getRouteConfigName();
    return routeConfig(RouteBuilder.build(push, proxy), rds).flatMap(rc -> route(rc, req));
  }

  /** Routes {@code req} through a gateway listening on {@code port}; TLS chains are chosen by SNI = host. */
  static Optional<Result> gateway(PushContext push, Proxy proxy, int port, Request req) {
    Listener l = ListenerBuilder.build(push, proxy).stream()
        .filter(x -> x.getName().equals("0.0.0.0_" + port)).findFirst().orElse(null);
    if (l == null) {
      return Optional.empty();
    }
    String host = stripPort(req.authority());
    for (FilterChain fc : l.getFilterChainsList()) {
      List<String> sni = fc.getFilterChainMatch().getServerNamesList();
      if (!sni.isEmpty() && sni.stream().noneMatch(s -> domainMatches(s, host))) {
        continue;
      }
      var filter = fc.getFilters(0);
      if (!filter.getName().equals(HttpConnectionManagers.NAME)) {
        return Optional.empty();
      }
      String rds = hcm(filter.getTypedConfig()).getRds().getRouteConfigName();
      return routeConfig(RouteBuilder.build(push, proxy), rds).flatMap(rc -> route(rc, req));
    }
    return Optional.empty();
  }

  static Optional<RouteConfiguration> routeConfig(List<RouteConfiguration> all, String name) {
    return all.stream().filter(rc -> rc.getName().equals(name)).findFirst();
  }

  /** Virtual host then first matching route; empty when no virtual host matches. */
  static Optional<Result> route(RouteConfiguration rc, Request req) {
    String authority = rc.getIgnorePortInHostMatching() ? stripPort(req.authority()) : req.authority();
    VirtualHost vh = virtualHost(rc, authority.toLowerCase(Locale.ROOT));
    if (vh == null) {
      return Optional.empty();
    }
    for (Route r : vh.getRoutesList()) {
      if (matches(r.getMatch(), req)) {
        return Optional.of(new Result(rc.getName(), vh, r));
      }
    }
    return Optional.of(new Result(rc.getName(), vh, Route.getDefaultInstance()));
  }

  private static VirtualHost virtualHost(RouteConfiguration rc, String authority) {
    VirtualHost best = null;
    int bestRank = Integer.MAX_VALUE;
    int bestLength = -1;
    for (VirtualHost vh : rc.getVirtualHostsList()) {
      for (String d : vh.getDomainsList()) {
        int rank;
        if (d.equals(authority)) {
          rank = 0;
        } else if (d.startsWith("*") && !d.equals("*") && authority.endsWith(d.substring(1))) {
          rank = 1;
        } else if (d.endsWith("*") && !d.equals("*") && authority.startsWith(d.substring(0, d.length() - 1))) {
          rank = 2;
        } else if (d.equals("*")) {
          rank = 3;
        } else {
          continue;
        }
        if (rank < bestRank || (rank == bestRank && d.length() > bestLength)) {
          best = vh;
          bestRank = rank;
          bestLength = d.length();
        }
      }
    }
    return best;
  }

  static boolean matches(RouteMatch m, Request req) {
    String path = req.path();
    String query = "";
    int q = path.indexOf('?');
    if (q >= 0) {
      query = path.substring(q + 1);
      path = path.substring(0, q);
    }
    boolean caseSensitive = !m.hasCaseSensitive() || m.getCaseSensitive().getValue();
    String p = caseSensitive ? path : path.toLowerCase(Locale.ROOT);
    boolean pathOk = switch (m.getPathSpecifierCase()) {
      case PREFIX -> p.startsWith(caseSensitive ? m.getPrefix() : m.getPrefix().toLowerCase(Locale.ROOT));
      case PATH -> p.equals(caseSensitive ? m.getPath() : m.getPath().toLowerCase(Locale.ROOT));
      case SAFE_REGEX -> Pattern.compile(m.getSafeRegex().getRegex(), caseSensitive ? 0 : Pattern.CASE_INSENSITIVE)
          .matches(path);
      default -> throw new AssertionError("unsupported path specifier " + m.getPathSpecifierCase());
    };
    if (!pathOk) {
      return false;
    }
    for (HeaderMatcher h : m.getHeadersList()) {
      String value = switch (h.getName()) {
        case ":method" -> req.method();
        case ":authority" -> req.authority();
        case ":path" -> req.path();
        default -> req.headers().get(h.getName());
      };
      if (!header(h, value)) {
        return false;
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String kv : query.split("&")) {
      if (!kv.isEmpty()) {
        int eq = kv.indexOf('=');
        params.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
      }
    }
    for (QueryParameterMatcher qp : m.getQueryParametersList()) {
      String v = params.get(qp.getName());
      boolean ok = qp.hasPresentMatch() ? v != null : v != null && string(qp.getStringMatch(), v);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean header(HeaderMatcher h, String value) {
    if (value == null && h.getTreatMissingHeaderAsEmpty()) {
      value = "";
    }
    boolean result;
    if (value == null) {
      result = false;
    } else if (h.hasPresentMatch()) {
      result = h.getPresentMatch();
    } else if (h.hasStringMatch()) {
      result = string(h.getStringMatch(), value);
    } else {
      throw new AssertionError("unsupported header matcher " + h);
    }
    return h.getInvertMatch() != result;
  }

  private static boolean string(StringMatcher s, String v) {
    return switch (s.getMatchPatternCase()) {
      case EXACT -> v.equals(s.getExact());
      case PREFIX -> v.startsWith(s.getPrefix());
      case SUFFIX -> v.endsWith(s.getSuffix());
      case CONTAINS -> v.contains(s.getContains());
      case SAFE_REGEX -> Pattern.compile(s.getSafeRegex().getRegex()).matches(v);
      default -> throw new AssertionError("unsupported string matcher " + s);
    };
  }

  private static boolean domainMatches(String pattern, String host) {
    return pattern.equals(host) || (pattern.startsWith("*") && host.endsWith(pattern.substring(1)));
  }

  static String stripPort(String authority) {
    int colon = authority.lastIndexOf(':');
    return colon > 0 && authority.indexOf(']') < colon ? authority.substring(0, colon) : authority;
  }

  static HttpConnectionManager hcm(com.google.protobuf.Any any) {
    try {
      return any.unpack(HttpConnectionManager.class);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not an HttpConnectionManager: " + any.getTypeUrl(), e);
    }
  }
}

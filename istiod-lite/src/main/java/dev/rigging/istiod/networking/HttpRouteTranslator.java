package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.ResolvedVirtualService;
import dev.rigging.mesh.api.networking.VirtualService.HTTPDirectResponse;
import dev.rigging.mesh.api.networking.VirtualService.HTTPMatchRequest;
import dev.rigging.mesh.api.networking.VirtualService.HTTPRedirect;
import dev.rigging.mesh.api.networking.VirtualService.HTTPRoute;
import dev.rigging.mesh.api.networking.VirtualService.RedirectPortSelection;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.route.v3.Decorator;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code HttpRouteTranslator} turns the {@code http} rules of a VirtualService into Envoy routes
 * for one listener port, like Istio: one route per match (or one for a rule without matches),
 * skipping matches for another port, another gateway or other source workloads, and stopping
 * after the first catch-all.
 *
 * <p>Proxyless gRPC clients reject {@code redirect} and {@code direct_response} routes and skip
 * routes with query parameter matches: for them redirects and query-parameter matches are left
 * out, and a direct response becomes a route to the target service with a 100% fault abort of
 * the same status (gRPC maps 503 to UNAVAILABLE, 404 to UNIMPLEMENTED…). Per-route CORS is left
 * out too: grpc-java rejects per-filter configs of filters it does not implement.
 */
final class HttpRouteTranslator {
  static final String FAULT_FILTER = "envoy.filters.http.fault";
  static final String CORS_FILTER = "envoy.filters.http.cors";

  private HttpRouteTranslator() {}

  /** The routes of {@code vs} for {@code ctx}; empty when none applies. */
  static List<Route> routes(RouteContext ctx, ResolvedVirtualService vs) {
    List<Route> out = new ArrayList<>();
    for (HTTPRoute http : vs.spec().http()) {
      boolean catchAll = false;
      if (http.match().isEmpty()) {
        Route r = translate(ctx, vs, http, null);
        if (r != null) {
          out.add(r);
        }
        catchAll = true;
      } else {
        for (HTTPMatchRequest m : http.match()) {
          Route r = translate(ctx, vs, http, m);
          if (r != null) {
            out.add(r);
            if (RouteMatchTranslator.isCatchAll(r.getMatch())) {
              catchAll = true;
              break;
            }
          }
        }
      }
      if (catchAll) {
        break;
      }
    }
    return out;
  }

  /** Whether a match's source conditions (gateways, or sourceLabels and sourceNamespace) select these proxies. */
  static boolean sourceMatches(RouteContext ctx, ResolvedVirtualService vs, HTTPMatchRequest m) {
    if (m == null) {
      return true;
    }
    if (!m.gateways().isEmpty()) {
      return m.gateways().stream().map(vs::resolveGateway).anyMatch(ctx.gatewayNames()::contains);
    }
    return ctx.push().sourceLabelsMatch(ctx.scope(), m.sourceLabels())
        && (m.sourceNamespace() == null || m.sourceNamespace().isEmpty()
        || m.sourceNamespace().equals(ctx.scope().namespace()));
  }

  static Route translate(RouteContext ctx, ResolvedVirtualService vs, HTTPRoute in, HTTPMatchRequest m) {
    if (m != null && m.port() != null && m.port() != 0 && m.port() != ctx.listenerPort()) {
      return null;
    }
    if (!sourceMatches(ctx, vs, m)) {
      return null;
    }
    if (ctx.proxyless() && (in.redirect() != null || (m != null && !m.queryParams().isEmpty()))) {
      return null;
    }
    String name = in.name() == null ? "" : in.name();
    if (m != null && m.name() != null && !m.name().isEmpty()) {
      name = name + "." + m.name();
    }
    RouteMatch match = RouteMatchTranslator.translate(m);
    Route.Builder out = Route.newBuilder().setName(name).setMatch(match);
    RoutePolicyTranslator.HeaderOps ops = RoutePolicyTranslator.headers(in.headers());
    out.addAllRequestHeadersToAdd(ops.requestAdd()).addAllRequestHeadersToRemove(ops.requestRemove())
        .addAllResponseHeadersToAdd(ops.responseAdd()).addAllResponseHeadersToRemove(ops.responseRemove());
    if (in.redirect() != null) {
      if (!redirect(out, in.redirect(), ctx)) {
        return null;
      }
    } else if (in.directResponse() != null) {
      if (!directResponse(out, in.directResponse(), ctx)) {
        return null;
      }
    } else {
      RouteActionTranslator.apply(ctx, vs, in, out, ops.authority());
    }
    out.setDecorator(Decorator.newBuilder().setOperation(operation(out, vs.name(), ctx.listenerPort())));
    var fault = RoutePolicyTranslator.fault(in.fault());
    if (fault != null) {
      out.putTypedPerFilterConfig(FAULT_FILTER, TypedConfigs.pack(fault));
    }
    if (in.corsPolicy() != null && !ctx.proxyless()) {
      out.putTypedPerFilterConfig(CORS_FILTER, TypedConfigs.pack(RoutePolicyTranslator.cors(in.corsPolicy())));
    }
    return out.build();
  }

  private static boolean redirect(Route.Builder out, HTTPRedirect r, RouteContext ctx) {
    RedirectAction.Builder a = RedirectAction.newBuilder();
    if (r.authority() != null) {
      a.setHostRedirect(r.authority());
    }
    if (r.uri() != null) {
      a.setPathRedirect(r.uri());
    }
    if (r.scheme() != null && !r.scheme().isEmpty()) {
      a.setSchemeRedirect(r.scheme());
    }
    if (r.port() != null || r.derivePort() != null) {
      int port = 0;
      if (r.port() != null) {
        port = r.port();
      } else if (r.derivePort() == RedirectPortSelection.FROM_REQUEST_PORT) {
        // Envoy cannot derive the port, but routes are built per listener port: use it.
        port = ctx.listenerPort();
      }
      String scheme = r.scheme() != null && !r.scheme().isEmpty() ? r.scheme() : (ctx.tls() ? "https" : "http");
      if ((port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"))) {
        port = 0;
      }
      a.setPortRedirect(port);
    }
    int code = r.redirectCode() == null ? 301 : r.redirectCode();
    switch (code) {
      case 0, 301 -> a.setResponseCode(RedirectAction.RedirectResponseCode.MOVED_PERMANENTLY);
      case 302 -> a.setResponseCode(RedirectAction.RedirectResponseCode.FOUND);
      case 303 -> a.setResponseCode(RedirectAction.RedirectResponseCode.SEE_OTHER);
      case 307 -> a.setResponseCode(RedirectAction.RedirectResponseCode.TEMPORARY_REDIRECT);
      case 308 -> a.setResponseCode(RedirectAction.RedirectResponseCode.PERMANENT_REDIRECT);
      default -> {
        return false;
      }
    }
    out.setRedirect(a);
    return true;
  }

  private static boolean directResponse(Route.Builder out, HTTPDirectResponse d, RouteContext ctx) {
    int status = d.status() == null ? 200 : d.status();
    if (ctx.proxyless()) {
      if (ctx.targetHost() == null || status < 200 || status >= 600) {
        return false;
      }
      RouteAction.Builder action = RouteAction.newBuilder()
          .setCluster(ClusterNames.outbound(ctx.listenerPort(), "", ctx.targetHost()));
      RouteActionTranslator.timeout(action, Protos.ZERO, true);
      out.setRoute(action);
      out.putTypedPerFilterConfig(FAULT_FILTER, TypedConfigs.pack(RoutePolicyTranslator.abortAll(status)));
      return true;
    }
    DirectResponseAction.Builder a = DirectResponseAction.newBuilder().setStatus(status);
    if (d.body() != null) {
      if (d.body().string() != null) {
        a.setBody(DataSource.newBuilder().setInlineString(d.body().string()));
      } else if (d.body().bytes() != null) {
        a.setBody(DataSource.newBuilder().setInlineBytes(
            com.google.protobuf.ByteString.copyFrom(Base64.getDecoder().decode(d.body().bytes()))));
      }
    }
    out.setDirectResponse(a);
    return true;
  }

  /** Istio's trace operation: {@code host:port/path} for one cluster, else {@code vsName:port/path}. */
  private static String operation(Route.Builder r, String vsName, int port) {
    RouteMatch m = r.getMatch();
    String path = switch (m.getPathSpecifierCase()) {
      case PREFIX -> m.getPrefix() + "*";
      case PATH -> m.getPath();
      case SAFE_REGEX -> m.getSafeRegex().getRegex();
      default -> "/*";
    };
    if (r.hasRoute() && r.getRoute().hasCluster() && r.getRoute().getCluster().startsWith("outbound|")) {
      String[] parts = r.getRoute().getCluster().split("\\|", -1);
      if (parts.length == 4) {
        return parts[3] + ":" + parts[1] + path;
      }
    }
    return vsName + ":" + port + path;
  }
}

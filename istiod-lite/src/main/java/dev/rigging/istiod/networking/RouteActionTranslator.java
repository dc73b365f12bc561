package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.ResolvedVirtualService;
import dev.rigging.mesh.api.networking.Destination;
import dev.rigging.mesh.api.networking.VirtualService.HTTPMirrorPolicy;
import dev.rigging.mesh.api.networking.VirtualService.HTTPRoute;
import dev.rigging.mesh.api.networking.VirtualService.HTTPRouteDestination;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;

/**
 * {@code RouteActionTranslator} builds the forwarding action of a VirtualService HTTP route like
 * Istio: one destination becomes {@code cluster}, several become {@code weighted_clusters}
 * (zero weights dropped); timeout (none by default), rewrites, mirrors, consistent-hash policies
 * from DestinationRules, retries, and per-destination header operations.
 *
 * <p>For proxyless gRPC clients the timeout is also sent as {@code max_stream_duration}: grpc-java
 * ignores {@code RouteAction.timeout}.
 */
final class RouteActionTranslator {
  private RouteActionTranslator() {}

  /** Sets the route action of {@code out}; {@code authority} is the route-level authority rewrite ("" for none). */
  static void apply(RouteContext ctx, ResolvedVirtualService vs, HTTPRoute in, Route.Builder out, String authority) {
    RouteAction.Builder action = RouteAction.newBuilder();
    timeout(action, in.timeout() == null ? Protos.ZERO : Protos.duration(in.timeout()), ctx.proxyless());
    String hostRewrite = authority;
    if (in.rewrite() != null) {
      var r = in.rewrite();
      if (r.uriRegexRewrite() != null) {
        action.setRegexRewrite(RegexMatchAndSubstitute.newBuilder()
            .setPattern(RegexMatcher.newBuilder().setRegex(r.uriRegexRewrite().match()))
            .setSubstitution(r.uriRegexRewrite().rewrite()));
      } else if (r.uri() != null && !r.uri().isEmpty()) {
        action.setPrefixRewrite(r.uri());
      }
      if (r.authority() != null && !r.authority().isEmpty()) {
        hostRewrite = r.authority();
      }
    }
    if (!hostRewrite.isEmpty()) {
      action.setHostRewriteLiteral(hostRewrite);
    }
    if (in.mirror() != null) {
      RuntimeFractionalPercent fraction = RoutePolicyTranslator.mirrorPercent(in);
      if (fraction != null) {
        action.addRequestMirrorPolicies(mirror(ctx.cluster(vs, in.mirror()), fraction));
      }
    }
    for (HTTPMirrorPolicy m : in.mirrors()) {
      RuntimeFractionalPercent fraction = RoutePolicyTranslator.mirrorPercent(m.percentage());
      if (fraction != null && m.destination() != null) {
        action.addRequestMirrorPolicies(mirror(ctx.cluster(vs, m.destination()), fraction));
      }
    }
    boolean consistentHash = false;
    WeightedCluster.Builder weighted = WeightedCluster.newBuilder();
    if (in.route().size() > 1) {
      for (HTTPRouteDestination dst : in.route()) {
        if (dst.weight() == null || dst.weight() == 0) {
          continue;
        }
        weighted.addClusters(weightedCluster(ctx, vs, dst));
        addHash(ctx, vs, dst.destination(), action);
      }
    }
    if (weighted.getClustersCount() > 0) {
      action.setWeightedClusters(weighted);
    } else if (!in.route().isEmpty()) {
      // One destination, or several of which none has a weight (validation rejects that; send the first).
      HTTPRouteDestination dst = in.route().get(0);
      action.setCluster(ctx.cluster(vs, dst.destination()));
      RoutePolicyTranslator.HeaderOps ops = RoutePolicyTranslator.headers(dst.headers());
      out.addAllRequestHeadersToAdd(ops.requestAdd()).addAllRequestHeadersToRemove(ops.requestRemove())
          .addAllResponseHeadersToAdd(ops.responseAdd()).addAllResponseHeadersToRemove(ops.responseRemove());
      if (!ops.authority().isEmpty() && !action.hasHostRewriteLiteral()) {
        action.setHostRewriteLiteral(ops.authority());
      }
      consistentHash = addHash(ctx, vs, dst.destination(), action);
    }
    RetryPolicy retry = RoutePolicyTranslator.retry(in.retries(), consistentHash);
    if (retry != null) {
      action.setRetryPolicy(retry);
    }
    out.setRoute(action);
  }

  /** Istio's timeout: the given one (0 = none) as route timeout, gRPC stream limits alongside. */
  @SuppressWarnings("deprecation")
  static void timeout(RouteAction.Builder action, com.google.protobuf.Duration timeout, boolean proxyless) {
    action.setTimeout(timeout);
    if (proxyless) {
      action.setMaxStreamDuration(RouteAction.MaxStreamDuration.newBuilder()
          .setMaxStreamDuration(timeout).setGrpcTimeoutHeaderMax(timeout));
    } else {
      // Istio still uses the deprecated field for Envoy: max_stream_duration had regressions there.
      action.setMaxGrpcTimeout(timeout);
    }
  }

  private static WeightedCluster.ClusterWeight weightedCluster(RouteContext ctx, ResolvedVirtualService vs,
      HTTPRouteDestination dst) {
    WeightedCluster.ClusterWeight.Builder w = WeightedCluster.ClusterWeight.newBuilder()
        .setName(ctx.cluster(vs, dst.destination()))
        .setWeight(Protos.u32(dst.weight()));
    RoutePolicyTranslator.HeaderOps ops = RoutePolicyTranslator.headers(dst.headers());
    w.addAllRequestHeadersToAdd(ops.requestAdd()).addAllRequestHeadersToRemove(ops.requestRemove())
        .addAllResponseHeadersToAdd(ops.responseAdd()).addAllResponseHeadersToRemove(ops.responseRemove());
    if (!ops.authority().isEmpty()) {
      w.setHostRewriteLiteral(ops.authority());
    }
    return w.build();
  }

  private static boolean addHash(RouteContext ctx, ResolvedVirtualService vs, Destination d, RouteAction.Builder a) {
    RouteAction.HashPolicy p = RouteContext.hashPolicy(ctx.hashFor(vs, d));
    if (p != null) {
      a.addHashPolicy(p);
      return true;
    }
    return false;
  }

  private static RouteAction.RequestMirrorPolicy mirror(String cluster, RuntimeFractionalPercent fraction) {
    return RouteAction.RequestMirrorPolicy.newBuilder()
        .setCluster(cluster)
        .setRuntimeFraction(fraction)
        .setTraceSampled(Protos.bool(false))
        .build();
  }
}

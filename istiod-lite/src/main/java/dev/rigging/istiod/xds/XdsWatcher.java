package dev.rigging.istiod.xds;

import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code XdsWatcher} adapts java-control-plane's {@code SimpleCache} to what Istio's clients need.
 *
 * <ul>
 *   <li>After a NACK the cache would answer the rejected version again at once, and the client
 *       would reject it again: a push storm. Here a NACK waits for a newer version instead, and the
 *       proxy keeps running its last accepted config.
 *   <li>Listeners and clusters are "state of the world" types: a response lists everything the
 *       proxy asked for that exists, and leaving a name out tells the client it does not exist. The
 *       cache in ADS mode would instead stay silent until every name exists, which costs a gRPC
 *       client its 15 s initial fetch timeout for a mistyped target.
 *   <li>When a proxy changes what it subscribes to, it gets an answer for its new set of names. The
 *       cache would compare the new names with those of its last response, so a name dropped and
 *       later asked for again (grpc-java does this when routes move between clusters) would never
 *       be answered and the client would give up after its 15 s fetch timeout.
 *   <li>Requests after the first may omit the node, and any request may carry one the client
 *       changed: every request lands in the group of its stream, fixed when the stream opened from
 *       its first node and the identity the stream authenticated with (which also saves parsing
 *       the node of every request again).
 *   <li>Secrets, like listeners and clusters, are answered with those that exist: a
 *       {@code credentialName} naming a missing Secret must not hold back the others.
 * </ul>
 */
final class XdsWatcher implements ConfigWatcher {
  private final ConfigWatcher cache;

  XdsWatcher(ConfigWatcher cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  public Watch createWatch(boolean ads, XdsRequest request, Set<String> knownResourceNames,
      Consumer<Response> responseConsumer, boolean hasClusterChanged, boolean allowDefaultEmptyEdsUpdate) {
    RequestContext ctx = RequestContext.take();
    DiscoveryRequest raw = request.v3Request();
    DiscoveryRequest.Builder fixed = null;
    if (raw.hasNode() && ctx != null && ctx.groupKey() != null) {
      // The watch keeps its request until the next one of its type; the group is known, so the
      // node (Envoy sends it on every request by default) need not be kept with it.
      fixed = raw.toBuilder().clearNode();
    }
    Set<String> known = knownResourceNames;
    if (ctx != null && ctx.subscriptionChanged()) {
      // An empty version makes the cache answer now if it has every name it must wait for.
      fixed = (fixed != null ? fixed : raw.toBuilder()).setVersionInfo("");
      known = Set.of();
    }
    if (raw.hasErrorDetail() && ctx != null && ctx.rejectedVersion() != null) {
      fixed = (fixed != null ? fixed : raw.toBuilder()).setVersionInfo(ctx.rejectedVersion());
      // Treat the requested names as known so the cache compares versions only.
      known = Set.copyOf(raw.getResourceNamesList());
    }
    XdsRequest effective = fixed == null ? request : XdsRequest.create(fixed.build());
    ResourceType type = effective.getResourceType();
    boolean waitForAllNames = ads && type != ResourceType.LISTENER && type != ResourceType.CLUSTER
        && type != ResourceType.SECRET;
    Set<String> knownNames = known;
    return RequestContext.withGroup(ctx == null ? null : ctx.groupKey(), () -> cache.createWatch(waitForAllNames,
        effective, knownNames, responseConsumer, hasClusterChanged, allowDefaultEmptyEdsUpdate));
  }

  @Override
  public DeltaWatch createDeltaWatch(DeltaXdsRequest request, String requesterVersion,
      Map<String, String> resourceVersions, Set<String> pendingResources, boolean isWildcard,
      Consumer<DeltaResponse> responseConsumer, boolean hasClusterChanged) {
    RequestContext ctx = RequestContext.take();
    return RequestContext.withGroup(ctx == null ? null : ctx.groupKey(), () -> cache.createDeltaWatch(request,
        requesterVersion, resourceVersions, pendingResources, isWildcard, responseConsumer, hasClusterChanged));
  }
}

package dev.rigging.istiod.xds;

import io.envoyproxy.envoy.config.core.v3.Node;

/**
 * {@code RequestContext} carries what the stream callbacks learned about the request being handled
 * to the {@link XdsWatcher}, which java-control-plane calls next on the same thread without the
 * stream id.
 *
 * @param node the node of the stream (requests after the first may omit it)
 * @param rejectedVersion for a NACK, the version the proxy rejected; otherwise null
 * @param subscriptionChanged the request names other resources than the previous request of its type
 */
record RequestContext(Node node, String rejectedVersion, boolean subscriptionChanged) {
  private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

  static void set(RequestContext ctx) {
    CURRENT.set(ctx);
  }

  /** Returns and clears the context of the current request, or null. */
  static RequestContext take() {
    RequestContext ctx = CURRENT.get();
    CURRENT.remove();
    return ctx;
  }
}

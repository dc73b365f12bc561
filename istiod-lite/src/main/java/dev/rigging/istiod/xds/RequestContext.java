package dev.rigging.istiod.xds;

/**
 * {@code RequestContext} carries what the stream callbacks learned about the request being handled
 * to the {@link XdsWatcher}, which java-control-plane calls next on the same thread without the
 * stream id.
 *
 * @param groupKey the proxy group of the stream
 * @param rejectedVersion for a NACK, the version the proxy rejected; otherwise null
 * @param subscriptionChanged the request names other resources than the previous request of its type
 */
record RequestContext(String groupKey, String rejectedVersion, boolean subscriptionChanged) {
  private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();
  private static final ThreadLocal<String> GROUP = new ThreadLocal<>();

  /**
   * Runs {@code watch} (the cache's watch creation, which asks the node group function for the
   * request's group on this thread) with {@code groupKey} as the answer of {@link #group()}.
   */
  static <T> T withGroup(String groupKey, java.util.function.Supplier<T> watch) {
    GROUP.set(groupKey);
    try {
      return watch.get();
    } finally {
      GROUP.remove();
    }
  }

  /** The group of the request whose watch is being created on this thread, or null. */
  static String group() {
    return GROUP.get();
  }

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

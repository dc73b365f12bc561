package dev.rigging.istiod.security;

/**
 * {@code AuthzTarget} is where authorization is enforced, which decides what a rule can check:
 * <ul>
 *   <li>{@link #HTTP}: an Envoy HTTP filter chain, everything;
 *   <li>{@link #TCP}: an Envoy TCP filter chain, connection attributes only (no hosts, methods,
 *       paths, headers or JWT);
 *   <li>{@link #GRPC}: a proxyless grpc-java server: HTTP attributes, but no JWT (grpc-java has no
 *       JWT filter and never matches metadata) and no {@code grpc-*} or {@code :scheme} headers
 *       (grpc-java rejects them).
 * </ul>
 */
public enum AuthzTarget {
  HTTP, TCP, GRPC;

  /** Whether request (HTTP) attributes exist on this target. */
  public boolean hasRequests() {
    return this != TCP;
  }

  /** Whether a verified JWT can be checked on this target. */
  public boolean hasJwt() {
    return this == HTTP;
  }

  /** How a note names the target. */
  public String describe() {
    return switch (this) {
      case HTTP -> "an HTTP port";
      case TCP -> "a TCP port";
      case GRPC -> "a proxyless gRPC server";
    };
  }
}

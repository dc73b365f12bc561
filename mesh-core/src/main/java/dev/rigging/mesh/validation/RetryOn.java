package dev.rigging.mesh.validation;

import java.util.Set;

/** {@code RetryOn} knows the retry conditions Envoy accepts in {@code retryOn}. */
final class RetryOn {
  private static final Set<String> CONDITIONS = Set.of(
      // x-envoy-retry-on
      "5xx", "gateway-error", "reset", "reset-before-request", "connect-failure", "retriable-4xx", "refused-stream",
      "retriable-status-codes", "retriable-headers", "envoy-ratelimited", "http3-post-connect-failure",
      // x-envoy-retry-grpc-on
      "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable");
  static final String VALID = String.join(", ", CONDITIONS.stream().sorted().toList());
  // the status codes Go's net/http names: Istio accepts a number in retryOn only when it is one of these
  private static final Set<Integer> STATUS_CODES = Set.of(100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207,
      208, 226, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411,
      412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505,
      506, 507, 508, 510, 511);

  private RetryOn() {}

  static boolean isValid(String policy) {
    if (CONDITIONS.contains(policy)) {
      return true;
    }
    try {
      return STATUS_CODES.contains(Integer.parseInt(policy));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}

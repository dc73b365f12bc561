package dev.rigging.istiod.debug;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * {@code ExplainRequest} is the JSON body of {@code POST /debug/authz/explain}: who calls, which
 * workload port, and the request.
 *
 * @param source the caller: a SPIFFE principal ({@code spiffe://TD/ns/NS/sa/SA} or Istio's
 *     {@code TD/ns/NS/sa/SA}), or a namespace with an optional service account ({@code default}
 *     when absent); neither means a plaintext caller with no identity. {@code ip} and
 *     {@code remoteIp} are its address and original client address.
 * @param destination a connected proxy ({@code proxyId}: node id or {@code POD.NAMESPACE}), or a
 *     workload described by {@code namespace}, {@code labels}, {@code ip} and {@code type}
 *     ({@code sidecar}, {@code proxyless} or {@code gateway})
 * @param port the workload port called
 * @param request the HTTP request (absent for TCP): method, path (with query and fragment if any;
 *     the proxy's normalization is applied), host, headers (a string or a list per name), sni
 * @param jwt the token the request carries: its claims, or {@code invalid: true}
 */
@JsonIgnoreProperties(ignoreUnknown = false)
record ExplainRequest(Source source, Destination destination, Integer port, Request request, Jwt jwt) {

  /** The caller. */
  record Source(String principal, String namespace, String serviceAccount, String ip, String remoteIp) {}

  /** The called workload. */
  record Destination(String proxyId, String namespace, Map<String, String> labels, String ip, String type) {}

  /** The HTTP request. */
  record Request(String method, String path, String host, Map<String, Object> headers, String sni) {}

  /** The token. */
  record Jwt(Map<String, Object> claims, boolean invalid) {}
}

package dev.rigging.istiod.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code RequestFacts} is what a proxy knows about a request when it authorizes it: the peer's
 * certificate identities, addresses, ports, SNI, headers, the path as the proxy will forward it
 * and the payload of a verified JWT. Authorization rules are evaluated against it the way Envoy and
 * grpc-java evaluate them.
 *
 * @param peerPrincipals the URI SANs of the peer certificate; null over plaintext (no identity)
 * @param sourceIp the address of the connection's peer
 * @param remoteIp the original client address (X-Forwarded-For or PROXY protocol; the source IP
 *     where neither applies)
 * @param destinationIp the local address the connection reached
 * @param destinationPort the local port the connection reached
 * @param sni the TLS server name the client asked for, empty without one
 * @param headers request headers by lower-case name, in arrival order, including the pseudo
 *     headers {@code :authority} and {@code :method}; empty for TCP
 * @param path the request path as authorized (normalized, without query and fragment); null for TCP
 * @param jwtPayload the claims of the verified token, null when none verified
 */
public record RequestFacts(
    List<String> peerPrincipals,
    String sourceIp,
    String remoteIp,
    String destinationIp,
    int destinationPort,
    String sni,
    Map<String, List<String>> headers,
    String path,
    Map<String, Object> jwtPayload) {

  public RequestFacts {
    peerPrincipals = peerPrincipals == null ? null : List.copyOf(peerPrincipals);
    sni = sni == null ? "" : sni;
    Map<String, List<String>> lower = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach((k, v) -> lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new java.util.ArrayList<>())
          .addAll(v));
    }
    headers = java.util.Collections.unmodifiableMap(lower);
  }

  /**
   * The values of header {@code name} joined with {@code ,}, as Envoy and grpc-java present a
   * repeated header to a matcher; null when absent.
   */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : String.join(",", values);
  }
}

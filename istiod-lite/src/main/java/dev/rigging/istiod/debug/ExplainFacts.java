package dev.rigging.istiod.debug;

import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.networking.InboundSecurity;
import dev.rigging.istiod.security.AuthzTarget;
import dev.rigging.istiod.security.PathNormalizer;
import dev.rigging.istiod.security.RequestFacts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ExplainFacts} turns an {@link ExplainRequest} into the {@link RequestFacts} the port's
 * proxy would see: the caller's SPIFFE identity over mutual TLS (none for a plaintext caller), the
 * path after the proxy's normalization, {@code :authority} and {@code :method} headers; for
 * proxyless gRPC servers what grpc-java reports (method POST, no SNI, the peer address as remote
 * address, no normalization); for TCP no request at all. Assumptions it makes are listed.
 */
final class ExplainFacts {
  private ExplainFacts() {}

  static RequestFacts of(ExplainRequest in, Proxy proxy, InboundSecurity.PortSecurity port, PushContext push,
      List<String> assumptions) {
    ExplainRequest.Source s = in.source() == null ? new ExplainRequest.Source(null, null, null, null, null) : in.source();
    List<String> principals = principals(s, push.mesh().trustDomain(), assumptions);
    String sourceIp = s.ip() == null ? "" : s.ip();
    String remoteIp = s.remoteIp() == null || port.target() == AuthzTarget.GRPC ? sourceIp : s.remoteIp();
    ExplainRequest.Request r = in.request();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String path = null;
    String sni = r == null || r.sni() == null || port.target() == AuthzTarget.GRPC ? "" : r.sni();
    if (port.target() != AuthzTarget.TCP) {
      if (r == null) {
        throw new IllegalArgumentException("port " + port.port() + " is HTTP: give request.path and request.method");
      }
      if (r.headers() != null) {
        r.headers().forEach((k, v) -> headers.put(k, v instanceof List<?> l ? l.stream().map(String::valueOf).toList()
            : List.of(String.valueOf(v))));
      }
      if (r.host() != null) {
        headers.put(":authority", List.of(r.host()));
      }
      String method = port.target() == AuthzTarget.GRPC ? "POST" : r.method() == null ? "GET" : r.method();
      headers.put(":method", List.of(method));
      String raw = r.path() == null ? "/" : r.path();
      path = port.target() == AuthzTarget.GRPC ? raw : PathNormalizer.normalize(raw, push.mesh().pathNormalization());
    } else if (r != null) {
      assumptions.add("port " + port.port() + " is TCP: the request's HTTP attributes are not seen");
    }
    String destinationIp = proxy.ip();
    return new RequestFacts(principals, sourceIp, remoteIp, destinationIp, port.port(), sni, headers, path, null);
  }

  private static List<String> principals(ExplainRequest.Source s, String trustDomain, List<String> assumptions) {
    if (s.principal() != null && !s.principal().isBlank()) {
      String p = s.principal();
      return List.of(p.startsWith("spiffe://") ? p : "spiffe://" + p);
    }
    if (s.namespace() != null && !s.namespace().isBlank()) {
      String sa = s.serviceAccount();
      if (sa == null || sa.isBlank()) {
        sa = "default";
        assumptions.add("source service account not given: assumed \"default\"");
      }
      return List.of("spiffe://" + trustDomain + "/ns/" + s.namespace() + "/sa/" + sa);
    }
    assumptions.add("no source principal or namespace: a plaintext caller without identity");
    return null;
  }
}

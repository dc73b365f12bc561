package dev.rigging.istiod.security;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ConditionMatchers} compiles the {@code when} conditions of a rule. As in Istio, each
 * condition joins either the principal side (who is calling: identities, addresses, headers, JWT)
 * or the permission side (what is called: destination address and port, SNI) of every
 * alternative of the rule.
 */
final class ConditionMatchers {
  /** Where a condition goes in Envoy's RBAC policy. */
  enum Side { PRINCIPAL, PERMISSION }

  /** A condition key resolved to its side and value compiler. */
  record Resolved(Side side, ValueCompiler compiler) {}

  private static final String HEADERS = "request.headers";
  private static final String INLINE_HEADERS = "request.experimental.inline.headers";
  private static final String CLAIMS = "request.auth.claims";

  private ConditionMatchers() {}

  static Resolved resolve(String key) {
    switch (key) {
      case "source.ip":
        return principal((v, c) -> new Match.SourceIp(Cidr.parse(v)));
      case "remote.ip":
        return principal((v, c) -> new Match.RemoteIp(Cidr.parse(v)));
      case "source.namespace":
        return principal(IdentityMatchers::namespace);
      case "source.principal":
        return principal(IdentityMatchers::principal);
      case "source.serviceAccount":
        return principal(IdentityMatchers::serviceAccount);
      case "request.auth.principal":
        return principal(IdentityMatchers::requestPrincipal);
      case "request.auth.audiences":
        return principal((v, c) -> RequestMatchers.claim(List.of("aud"), v, c));
      case "request.auth.presenter":
        return principal((v, c) -> RequestMatchers.claim(List.of("azp"), v, c));
      case "destination.ip":
        return permission((v, c) -> new Match.DestinationIp(Cidr.parse(v)));
      case "destination.port":
        return permission((v, c) -> new Match.DestinationPort(Integer.parseInt(v)));
      case "connection.sni":
        return permission((v, c) -> new Match.RequestedServerName(StringMatch.istio(v)));
      default:
        break;
    }
    if (key.startsWith(HEADERS + "[") && key.endsWith("]")) {
      String name = key.substring(HEADERS.length() + 1, key.length() - 1);
      return principal((v, c) -> RequestMatchers.header(name, v, c));
    }
    if (key.startsWith(INLINE_HEADERS + "[") && key.endsWith("]")) {
      String name = key.substring(INLINE_HEADERS.length() + 1, key.length() - 1);
      return principal((v, c) -> RequestMatchers.header(name, v, c));
    }
    if (key.startsWith(CLAIMS + "[") && key.endsWith("]")) {
      List<String> path = claimPath(key.substring(CLAIMS.length()));
      return principal((v, c) -> RequestMatchers.claim(path, v, c));
    }
    String reason = key.startsWith("experimental.envoy.filters.")
        ? "experimental Envoy metadata conditions are not translated"
        : "unknown condition key";
    return principal((v, c) -> {
      throw new UnsupportedCondition(reason + " (" + key + ")");
    });
  }

  /** {@code [a][b]} as {@code [a, b]}. */
  static List<String> claimPath(String brackets) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < brackets.length() && brackets.charAt(i) == '[') {
      int end = brackets.indexOf(']', i);
      out.add(brackets.substring(i + 1, end));
      i = end + 1;
    }
    return out;
  }

  private static Resolved principal(ValueCompiler c) {
    return new Resolved(Side.PRINCIPAL, c);
  }

  private static Resolved permission(ValueCompiler c) {
    return new Resolved(Side.PERMISSION, c);
  }
}

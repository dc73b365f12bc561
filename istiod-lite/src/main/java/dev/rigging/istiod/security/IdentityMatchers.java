package dev.rigging.istiod.security;

import java.util.List;

/**
 * {@code IdentityMatchers} compiles the identity fields of a rule. Peer identities are matched on
 * the certificate's SPIFFE URI ({@code spiffe://TRUST_DOMAIN/ns/NS/sa/SA}), which is what Envoy's
 * {@code authenticated.principal_name} and grpc-java compare; request identities on the verified
 * JWT's {@code iss} and {@code sub}. Literal parts are escaped wherever they become a regex.
 */
final class IdentityMatchers {
  static final String SPIFFE = "spiffe://";

  private IdentityMatchers() {}

  /** {@code principals}, {@code source.principal}: Istio's {@code TRUST_DOMAIN/ns/NS/sa/SA} form. */
  static Match principal(String v, CompileContext ctx) {
    StringMatch m;
    if (v.equals("*")) {
      m = StringMatch.nonEmpty();
    } else if (v.startsWith("*")) {
      m = StringMatch.regex(RegexLiterals.quote(SPIFFE) + ".*" + RegexLiterals.quote(v.substring(1)));
    } else if (v.endsWith("*")) {
      m = StringMatch.prefix(SPIFFE + v.substring(0, v.length() - 1));
    } else {
      m = StringMatch.exact(SPIFFE + v);
    }
    return new Match.PeerPrincipal(m);
  }

  /** {@code namespaces}, {@code source.namespace}: the {@code /ns/NS/} part of the identity. */
  static Match namespace(String v, CompileContext ctx) {
    return new Match.PeerPrincipal(StringMatch.regex(".*/ns/" + RegexLiterals.wildcard(v) + "/.*"));
  }

  /**
   * {@code serviceAccounts}, {@code source.serviceAccount}: {@code SA} (in the policy's namespace)
   * or {@code NS/SA}, matched as Istio does on {@code spiffe://TD/ns/NS/.../sa/SA}.
   */
  static Match serviceAccount(String v, CompileContext ctx) {
    int slash = v.indexOf('/');
    String ns = slash < 0 ? ctx.policyNamespace() : v.substring(0, slash);
    String sa = slash < 0 ? v : v.substring(slash + 1);
    return new Match.PeerPrincipal(StringMatch.regex(RegexLiterals.quote(SPIFFE) + ".+/ns/" + RegexLiterals.quote(ns)
        + "/(.+/|)sa/" + RegexLiterals.quote(sa) + "(/.+)?"));
  }

  /**
   * {@code requestPrincipals}, {@code request.auth.principal}: {@code ISS/SUB} split at the last
   * {@code /} (issuers are URLs), each side matched on its claim; {@code *} in front or at the end
   * is a suffix or prefix of the whole value, as in Istio.
   */
  static Match requestPrincipal(String v, CompileContext ctx) throws UnsupportedCondition {
    ctx.needJwt("request principals");
    int idx = v.lastIndexOf('/');
    boolean found = idx >= 0;
    String iss = found ? v.substring(0, idx) : v;
    String sub = found ? v.substring(idx + 1) : "";
    StringMatch matchIss;
    StringMatch matchSub;
    if (v.equals("*")) {
      matchIss = StringMatch.nonEmpty();
      matchSub = StringMatch.nonEmpty();
    } else if (v.startsWith("*")) {
      if (found) {
        matchIss = iss.equals("*") ? StringMatch.nonEmpty() : StringMatch.suffix(iss.substring(1));
        matchSub = StringMatch.exact(sub);
      } else {
        matchIss = StringMatch.nonEmpty();
        matchSub = StringMatch.suffix(v.substring(1));
      }
    } else if (v.endsWith("*")) {
      if (found) {
        matchIss = StringMatch.exact(iss);
        matchSub = sub.equals("*") ? StringMatch.nonEmpty() : StringMatch.prefix(sub.substring(0, sub.length() - 1));
      } else {
        matchIss = StringMatch.prefix(v.substring(0, v.length() - 1));
        matchSub = StringMatch.nonEmpty();
      }
    } else {
      matchIss = StringMatch.exact(iss);
      matchSub = StringMatch.exact(sub);
    }
    return new Match.AllOf(List.of(new Match.JwtClaim(List.of("iss"), List.of(matchIss)),
        new Match.JwtClaim(List.of("sub"), List.of(matchSub))));
  }
}

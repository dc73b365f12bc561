package dev.rigging.istiod.security;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * {@code JwtVerdicts} says whether Envoy's {@code jwt_authn}, configured with a port's issuers,
 * rejects a token: a token must verify with the keys of the issuer it names and carry an accepted
 * audience; a token from an issuer the port does not accept, or whose keys could not be fetched,
 * is rejected (401) like a forged one.
 */
final class JwtVerdicts {
  private JwtVerdicts() {}

  /** Why the token is rejected, or null when it verifies. */
  static String rejection(List<JwtProvider> providers, AuthzExplainer.Token token) {
    if (token.invalid()) {
      return "the token does not verify (signature, expiry or format)";
    }
    Object iss = token.claims().get("iss");
    Optional<JwtProvider> provider = providers.stream().filter(p -> p.issuer().equals(iss)).findFirst();
    if (provider.isEmpty()) {
      return "no RequestAuthentication of this port accepts issuer " + iss;
    }
    if (!provider.get().hasKeys()) {
      return "the keys of issuer " + iss + " are not available (" + provider.get().keysProblem()
          + "), so no token of it verifies";
    }
    List<String> audiences = provider.get().audiences();
    if (!audiences.isEmpty() && !intersects(audiences, token.claims().get("aud"))) {
      return "the token's audience is not one of " + audiences;
    }
    return null;
  }

  private static boolean intersects(List<String> accepted, Object aud) {
    if (aud instanceof String s) {
      return accepted.contains(s);
    }
    return aud instanceof Collection<?> c && c.stream().anyMatch(accepted::contains);
  }
}

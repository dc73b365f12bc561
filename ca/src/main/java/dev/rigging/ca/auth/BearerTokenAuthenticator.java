package dev.rigging.ca.auth;

import io.grpc.Metadata;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * {@code BearerTokenAuthenticator} is the base of authenticators that verify the call's bearer
 * token: no token means {@link AuthResult.NotPresented}, a malformed {@code authorization} entry a
 * rejection, and a well-formed token is handed to {@link #authenticateToken}.
 */
public abstract class BearerTokenAuthenticator implements Authenticator {
  @Override
  public final AuthResult authenticate(Metadata headers, List<X509Certificate> peerCertificates) {
    Optional<String> token;
    try {
      token = BearerTokens.extract(headers);
    } catch (IllegalArgumentException e) {
      return new AuthResult.Rejected(e.getMessage());
    }
    return token.isEmpty() ? new AuthResult.NotPresented("bearer token") : authenticateToken(token.get());
  }

  /** Verifies {@code token} and maps its subject to an identity. */
  protected abstract AuthResult authenticateToken(String token);
}

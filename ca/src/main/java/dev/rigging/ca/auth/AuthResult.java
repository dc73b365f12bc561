package dev.rigging.ca.auth;

import dev.rigging.ca.Identity;
import java.util.Objects;

/**
 * {@code AuthResult} is the outcome of one {@link Authenticator}: the caller's identity, the fact
 * that the credential this authenticator checks was not presented at all, or a refusal with the
 * full reason (for logs only; callers never see it).
 */
public sealed interface AuthResult {
  /** The caller is {@code identity}, proven by {@code method} (e.g. {@code jwt}, {@code client-certificate}). */
  record Authenticated(Identity identity, String method) implements AuthResult {
    public Authenticated {
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(method, "method");
    }
  }

  /** The request carries no {@code credential} of the kind this authenticator checks. */
  record NotPresented(String credential) implements AuthResult {}

  /** The presented credential was refused. */
  record Rejected(String reason) implements AuthResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}

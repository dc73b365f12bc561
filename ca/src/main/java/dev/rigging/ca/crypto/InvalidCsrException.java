package dev.rigging.ca.crypto;

import java.util.Objects;

/** {@code InvalidCsrException} says why a certificate request was refused. */
public final class InvalidCsrException extends Exception {
  /** What is wrong with the request. */
  public enum Kind {
    /** Not a parseable PKCS#10 PEM block. */
    MALFORMED,
    /** The request's signature does not verify with its own public key. */
    BAD_SIGNATURE,
    /** The key or signature algorithm is not allowed by {@link KeyPolicy}. */
    NOT_APPROVED
  }

  private final Kind kind;

  public InvalidCsrException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}

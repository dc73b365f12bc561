package dev.rigging.ca;

import io.grpc.Status;
import java.util.Objects;

/**
 * {@code CaException} is a refused or failed signing, with a {@link Reason} that decides the gRPC
 * status callers see and the metric it is counted in. The message is the full reason, for logs;
 * callers only ever see an opaque description.
 */
public final class CaException extends Exception {
  /** Why the CA did not sign. */
  public enum Reason {
    /** The CA has no usable signing key (yet). */
    CA_NOT_READY(Status.Code.INTERNAL),
    /** The CSR could not be parsed or its own signature does not verify. */
    CSR_PARSE_ERROR(Status.Code.INVALID_ARGUMENT),
    /** The CSR is well formed but refused by policy (key or signature algorithm not approved). */
    CSR_ERROR(Status.Code.INVALID_ARGUMENT),
    /** The requested validity is above the maximum. */
    TTL_ERROR(Status.Code.INVALID_ARGUMENT),
    /** Building or signing the certificate failed. */
    CERT_GEN_ERROR(Status.Code.INTERNAL);

    private final Status.Code grpcCode;

    Reason(Status.Code grpcCode) {
      this.grpcCode = grpcCode;
    }

    /** The gRPC status code a caller receives for this reason. */
    public Status.Code grpcCode() {
      return grpcCode;
    }
  }

  private final Reason reason;

  public CaException(Reason reason, String message) {
    this(reason, message, null);
  }

  public CaException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}

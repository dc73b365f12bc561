package dev.rigging.lifecycle.errors;

/**
 * {@code FailureException}: the command was valid but could not be carried out (cluster
 * unreachable, precheck failed, control plane not ready, refused because revisions are in use).
 * Exit 1.
 */
public final class FailureException extends RigException {
  public FailureException(String message) {
    super(message, null);
  }

  public FailureException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return ExitCodes.FAILURE;
  }
}

package dev.rigging.lifecycle.errors;

/**
 * {@code RigException} is an error the user can act on; its type decides the exit code, so
 * commands never choose exit codes themselves. The message names what is wrong and what would be
 * valid; no stack trace is printed for it.
 */
public abstract sealed class RigException extends RuntimeException
    permits UsageException, InputException, FailureException {

  RigException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The process exit code for this error (see {@link ExitCodes}). */
  public abstract int exitCode();
}

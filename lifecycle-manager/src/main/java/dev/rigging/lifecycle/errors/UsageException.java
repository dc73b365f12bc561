package dev.rigging.lifecycle.errors;

/** {@code UsageException}: a flag or argument is invalid (unknown version, unknown --set path…). Exit 64. */
public final class UsageException extends RigException {
  public UsageException(String message) {
    super(message, null);
  }

  @Override
  public int exitCode() {
    return ExitCodes.USAGE;
  }
}

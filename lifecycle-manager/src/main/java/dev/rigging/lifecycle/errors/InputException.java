package dev.rigging.lifecycle.errors;

/** {@code InputException}: an input file is missing, unreadable or malformed. Exit 65. */
public final class InputException extends RigException {
  public InputException(String message) {
    super(message, null);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return ExitCodes.INPUT;
  }
}

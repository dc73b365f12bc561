package dev.rigging.lifecycle.errors;

/** {@code ExitCodes} are rig's process exit codes (sysexits-style where one fits). */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;
  public static final int FAILURE = 1;
  /** EX_USAGE: bad flags or arguments. */
  public static final int USAGE = 64;
  /** EX_DATAERR: an input file could not be read or parsed. */
  public static final int INPUT = 65;
  /** istioctl's exit code when {@code analyze} finds issues at or above the failure threshold. */
  public static final int ANALYZE_ISSUES = 79;
}

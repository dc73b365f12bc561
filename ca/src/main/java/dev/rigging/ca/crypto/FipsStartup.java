package dev.rigging.ca.crypto;

import java.util.Optional;

/**
 * {@code FipsStartup} is the first thing every Rigging entry point runs. It installs the Bouncy
 * Castle FIPS providers ({@link Fips#install()}) and runs {@link FipsSelfCheck}; when the
 * {@value FipsPolicy#REQUIRED_PROPERTY} system property is {@code true} (the FIPS variants' launchers
 * set it), a failed check stops the process before anything else runs. The outcome stays available
 * to the application ({@link #mode()}) for its logs and the {@code rigging_fips_mode} gauge.
 */
public final class FipsStartup {
  /** Exit status of a FIPS variant that refuses to start ({@code EX_CONFIG} in sysexits.h). */
  public static final int REFUSED_EXIT_STATUS = 78;

  private static volatile Optional<FipsMode> mode = Optional.empty();

  private FipsStartup() {}

  /**
   * How this process started.
   *
   * @param required whether {@value FipsPolicy#REQUIRED_PROPERTY} was {@code true}
   * @param check the self-check's result
   */
  public record FipsMode(boolean required, FipsSelfCheck.Result check) {
    /** True when the process runs as a FIPS variant whose self-check passed. */
    public boolean active() {
      return required && check.passed();
    }

    /** One log line: what was required and what the module and JVM look like. */
    public String describe() {
      StringBuilder line = new StringBuilder("fips required=").append(required).append(" selfCheck=")
          .append(check.passed() ? "passed" : "failed (" + check.violations().size() + " findings)");
      check.observation().ifPresent(o -> line.append(" module=\"").append(o.moduleInfo()).append("\" version=")
          .append(o.moduleVersion()).append(" approvedOnly=").append(o.approvedOnly()).append(" selfTest=")
          .append(o.selfTest()).append(" native=\"").append(o.nativeSupport()).append("\" providers=")
          .append(o.providerNames()).append(" keyStoreType=").append(o.keyStoreType()));
      return line.toString();
    }
  }

  /** A FIPS variant refused to start; the message lists every violation. */
  public static final class RefusedException extends RuntimeException {
    RefusedException(String message) {
      super(message);
    }
  }

  /**
   * Installs and checks. Outside required mode only {@link Fips#install()}'s own refusals apply
   * (approved-only mode switched off, failed self-test).
   *
   * @throws RefusedException in required mode when the check fails
   * @throws IllegalStateException outside required mode when {@link Fips#install()} refuses
   */
  public static synchronized FipsMode enforce(String application) {
    boolean required = Boolean.parseBoolean(System.getProperty(FipsPolicy.REQUIRED_PROPERTY, "false").trim());
    if (!required) {
      Fips.install();
    }
    FipsSelfCheck.Result result = FipsSelfCheck.installAndCheck();
    if (required && !result.passed()) {
      throw new RefusedException(application + " is a FIPS variant (" + FipsPolicy.REQUIRED_PROPERTY
          + "=true) and refuses to start: " + String.join("; ", result.violations()));
    }
    FipsMode started = new FipsMode(required, result);
    mode = Optional.of(started);
    return started;
  }

  /** {@link #enforce} for a {@code main} method: a refusal is printed to stderr and ends the process. */
  public static FipsMode enforceOrExit(String application) {
    try {
      return enforce(application);
    } catch (RefusedException e) {
      System.err.println("FATAL " + e.getMessage());
      System.exit(REFUSED_EXIT_STATUS);
      throw e;
    }
  }

  /** The outcome of {@link #enforce}, or empty when the entry point did not run it (in-process tests). */
  public static Optional<FipsMode> mode() {
    return mode;
  }
}

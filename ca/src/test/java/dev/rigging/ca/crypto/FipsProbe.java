package dev.rigging.ca.crypto;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.CryptoServicesRegistrar;

/**
 * {@code FipsProbe} checks {@link Fips#install()} in a fresh JVM, where the order of class loading
 * is under the test's control (in the test JVM the module is long initialized).
 */
public final class FipsProbe {
  private FipsProbe() {}

  /** Runs the probe in a new JVM with the test class path; {@code approvedOnly} null leaves the property unset. */
  static String run(String mode, String approvedOnly) throws Exception {
    List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-cp", System.getProperty("java.class.path")));
    if (approvedOnly != null) {
      command.add("-D" + Fips.APPROVED_ONLY_PROPERTY + "=" + approvedOnly);
    }
    command.addAll(List.of(FipsProbe.class.getName(), mode));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("probe did not finish");
    }
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }

  public static void main(String[] args) {
    try {
      if ("load-then-install".equals(args[0])) {
        // Something touches the module before the entry point installs it.
        CryptoServicesRegistrar.isInApprovedOnlyMode();
      }
      System.out.println("approvedOnly=" + Fips.install().approvedOnly());
    } catch (IllegalStateException e) {
      System.out.println("refused: " + e.getMessage());
    }
  }
}

package dev.rigging.ca.crypto;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code FipsStartupProbe} runs {@link FipsStartup#enforceOrExit} as an entry point would, in a new
 * JVM whose flags the test chooses (the test JVM's providers are long installed), and reports the
 * exit status, what it printed and the {@code rigging_fips_mode} gauge it would export.
 */
public final class FipsStartupProbe {
  private FipsStartupProbe() {}

  /** What the probe JVM did. */
  record Outcome(int exitStatus, String stdout, String stderr) {}

  /** A {@code java.security} override as the FIPS variants write it (only what the check looks at). */
  static Path strictSecurityFile(Path dir) throws Exception {
    return Files.writeString(dir.resolve("java.security"), """
        security.provider.1=org.bouncycastle.jcajce.provider.BouncyCastleFipsProvider
        security.provider.2=org.bouncycastle.jsse.provider.BouncyCastleJsseProvider fips:BCFIPS
        keystore.type=BCFKS
        org.bouncycastle.fips.approved_only=true
        """);
  }

  static Outcome run(String... jvmFlags) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-cp", System.getProperty("java.class.path"), "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
    command.addAll(List.of(jvmFlags));
    command.add(FipsStartupProbe.class.getName());
    Process process = new ProcessBuilder(command).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("probe did not finish");
    }
    return new Outcome(process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim(),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim());
  }

  public static void main(String[] args) {
    FipsStartup.FipsMode mode = FipsStartup.enforceOrExit("probe");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FipsMetrics.register(registry);
    System.out.println("gauge=" + registry.get(FipsMetrics.GAUGE).gauge().value());
    System.out.println(mode.describe());
  }
}

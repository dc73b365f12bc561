package dev.rigging.fips.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code FipsVerifier} checks built FIPS variants and writes the proof next to each one
 * ({@code fips-report.md}, {@code fips-report.json}): the class path scanned jar by jar
 * ({@link ClassPathScan}), then a JVM started with the variant's {@code java.security} override,
 * {@code jvm.args} and jars running {@link RuntimeProbe} (self-check, providers, module status,
 * negative probes, a TLS server), which this JVM then probes over TLS ({@link TlsProbes}). It exits
 * with status 1 when any variant has a violation, 2 on a usage error.
 */
public final class FipsVerifier {
  static final String REPORT = "fips-report";

  private FipsVerifier() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: fips-verify VARIANT_DIR... (e.g. fips-build/target/fips/istiod-lite)");
      System.exit(2);
    }
    boolean allPassed = true;
    for (String arg : args) {
      VariantReport report = verify(Path.of(arg).toAbsolutePath().normalize());
      write(report, Path.of(arg));
      System.out.println("[fips-verify] " + report.variant() + ": " + (report.passed() ? "PASS" : "FAIL") + " (report: "
          + Path.of(arg).resolve(REPORT + ".md") + ")");
      System.out.println(MarkdownReport.summaryTable(report));
      report.violations().forEach(v -> System.out.println("[fips-verify] violation: " + v));
      allPassed &= report.passed();
    }
    System.exit(allPassed ? 0 : 1);
  }

  /** Verifies the variant in {@code variant}. */
  public static VariantReport verify(Path variant) throws Exception {
    List<String> violations = new ArrayList<>();
    ClassPathScan.Result scan = ClassPathScan.scan(variant);
    scan.forbidden().forEach(j -> violations.add("forbidden jar " + j.path() + ": " + j.detail()));
    scan.missing().forEach(m -> violations.add("Bouncy Castle FIPS jar " + m + " is not on the class path"));
    for (String conf : List.of("conf/java.security", "conf/jvm.args")) {
      if (!Files.isRegularFile(variant.resolve(conf))) {
        violations.add(conf + " is missing: this is not a FIPS variant built by fips-build");
      }
    }
    RuntimeFacts facts = null;
    String probeExit;
    List<Probe> tls = List.of();
    Process probe = startProbe(variant);
    StringBuilder stderr = new StringBuilder();
    CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> drain(probe, stderr));
    try {
      String line = CompletableFuture.supplyAsync(() -> resultLine(probe)).get(180, TimeUnit.SECONDS);
      if (line != null) {
        facts = new ObjectMapper().readValue(line.substring(RuntimeProbe.PREFIX.length()), RuntimeFacts.class);
        if (facts.tlsPort() > 0) {
          tls = TlsProbes.run(facts.tlsPort(), facts.tlsRootPem());
        }
      }
    } catch (TimeoutException e) {
      violations.add("the probe JVM gave no result within 180 s");
    } finally {
      probe.getOutputStream().close();
      if (!probe.waitFor(60, TimeUnit.SECONDS)) {
        probe.destroyForcibly().waitFor();
      }
      drained.get(10, TimeUnit.SECONDS);
    }
    probeExit = "exit status " + probe.exitValue() + (facts == null ? ", stderr: " + tail(stderr.toString()) : "");
    if (facts == null) {
      violations.add("the probe JVM produced no result (" + probeExit + ")");
    } else {
      judge(facts, tls, violations);
    }
    return new VariantReport(variant.getFileName().toString(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        violations.isEmpty(), violations, scan.jars(), scan.missing(), facts, probeExit, tls);
  }

  private static void judge(RuntimeFacts f, List<Probe> tls, List<String> violations) {
    f.selfCheckViolations().forEach(v -> violations.add("start-up self-check: " + v));
    String expected = ClassPathScan.expectedFipsJars().get("bc-fips");
    if (f.moduleVersion() != null && !f.moduleVersion().equals(expected)) {
      violations.add("the loaded FIPS module is bc-fips " + f.moduleVersion() + ", expected " + expected);
    }
    if (!"true".equals(f.approvedOnlySecurityProperty())) {
      violations.add("java.security does not set org.bouncycastle.fips.approved_only=true (found "
          + f.approvedOnlySecurityProperty() + ")");
    }
    for (Probe p : f.probes()) {
      if (!p.passed()) {
        violations.add("probe '" + p.name() + "': " + p.verdict() + (p.controlFailure() != null ? ": " + p.controlFailure() : ""));
      }
    }
    if (f.tlsError() != null) {
      violations.add("the TLS server did not start: " + f.tlsError());
    }
    for (Probe p : tls) {
      if (!p.passed()) {
        violations.add("TLS probe '" + p.name() + "': " + p.verdict() + (p.controlFailure() != null ? ": " + p.controlFailure() : ""));
      }
    }
  }

  /** A JVM started as the variant's launcher starts the service, running {@link RuntimeProbe}. */
  private static Process startProbe(Path variant) throws Exception {
    List<String> classPath = new ArrayList<>();
    for (Path jar : ClassPathScan.classPathJars(variant)) {
      // quarkus/ holds Quarkus' generated and transformed classes, for its own class loader only
      if (!variant.relativize(jar).startsWith("quarkus")) {
        classPath.add(jar.toString());
      }
    }
    classPath.add(Path.of(FipsVerifier.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.security.properties==" + variant.resolve("conf/java.security"), "@" + variant.resolve("conf/jvm.args"),
        "-cp", String.join(File.pathSeparator, classPath), RuntimeProbe.class.getName());
    return new ProcessBuilder(command).start();
  }

  private static String resultLine(Process probe) {
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(RuntimeProbe.PREFIX)) {
          return line;
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static void drain(Process probe, StringBuilder into) {
    try {
      String text = new String(probe.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      synchronized (into) {
        into.append(text);
      }
    } catch (IOException ignored) {
      // the probe is gone; what was read is kept
    }
  }

  private static String tail(String text) {
    String trimmed = text.strip();
    return trimmed.length() <= 2000 ? trimmed : "…" + trimmed.substring(trimmed.length() - 2000);
  }

  private static void write(VariantReport report, Path variant) throws IOException {
    Files.writeString(variant.resolve(REPORT + ".json"),
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    Files.writeString(variant.resolve(REPORT + ".md"), MarkdownReport.render(report));
  }
}

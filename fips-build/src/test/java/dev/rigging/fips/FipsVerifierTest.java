package dev.rigging.fips;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier, run as a user runs it ({@code scripts/fips-verify}), on a copy of the CA variant
 * that is spoiled the ways a real build could be: a {@code bcprov} and a Conscrypt jar on the class
 * path, and JDK providers left in {@code java.security}. (The intact variants are verified by the
 * build itself, in the {@code integration-test} phase.)
 */
class FipsVerifierTest {
  @TempDir Path dir;

  @Test
  void aSpoiledVariantFailsWithEveryViolationNamedAndTheProbesShowWhatBecameAllowed() throws Exception {
    Path variant = linkCopy(VariantProcess.FIPS_DIR.resolve("ca"), dir.resolve("ca"));
    jar(variant.resolve("lib/main/org.bouncycastle.bcprov-jdk18on-1.80.jar"), "org/bouncycastle/jce/provider/BouncyCastleProvider.class");
    jar(variant.resolve("lib/main/org.conscrypt.conscrypt-openjdk-uber-2.5.2.jar"), "org/conscrypt/OpenSSLProvider.class");
    Path security = variant.resolve("conf/java.security");
    String override = Files.readString(security);
    Files.delete(security);
    Files.writeString(security, override + "\nsecurity.provider.3=SUN\nsecurity.provider.4=SunRsaSign\n");

    Process verifier = new ProcessBuilder(Path.of("../scripts/fips-verify").toAbsolutePath().normalize().toString(),
        variant.toString()).redirectErrorStream(true).start();
    String output = new String(verifier.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(verifier.waitFor(180, TimeUnit.SECONDS)).isTrue();

    assertThat(verifier.exitValue()).as(output).isEqualTo(1);
    JsonNode report = new ObjectMapper().readTree(variant.resolve("fips-report.json").toFile());
    assertThat(report.get("passed").asBoolean()).isFalse();
    List<String> violations = new ArrayList<>();
    report.get("violations").forEach(v -> violations.add(v.asText()));
    assertThat(violations)
        .anySatisfy(v -> assertThat(v).startsWith("forbidden jar lib/main/org.bouncycastle.bcprov-jdk18on-1.80.jar: Bouncy Castle classes outside the FIPS jars"))
        .anySatisfy(v -> assertThat(v).startsWith("forbidden jar lib/main/org.conscrypt.conscrypt-openjdk-uber-2.5.2.jar: Conscrypt"))
        .anySatisfy(v -> assertThat(v).startsWith("start-up self-check: provider SunRsaSign would serve"))
        .anySatisfy(v -> assertThat(v).isEqualTo("probe 'MD5 signature': FAIL (allowed)"))
        .anySatisfy(v -> assertThat(v).isEqualTo("probe 'JDK provider by name': FAIL (allowed)"));
    assertThat(Files.readString(variant.resolve("fips-report.md"))).contains("Verdict: **FAIL**")
        .contains("| refused: MD5 signature | FAIL (allowed) |")
        .contains("| refused: short HMAC key | refused |");
    assertThat(output).contains("[fips-verify] ca: FAIL");
  }

  /** A copy of {@code from} whose files are symbolic links, except the ones a test replaces. */
  private static Path linkCopy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!source.getFileName().toString().startsWith("fips-report")) {
          Files.createSymbolicLink(target, source.toAbsolutePath());
        }
      }
    }
    return to;
  }

  private static void jar(Path file, String entry) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
      out.putNextEntry(new JarEntry(entry));
      out.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
      out.closeEntry();
    }
  }
}

package dev.rigging.fips.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * {@code ClassPathScan} lists every jar of a variant's run-time class path and judges each by what
 * it contains, not by its name: Bouncy Castle classes outside the four FIPS jars (a {@code bcprov}
 * under any name), Conscrypt, netty-tcnative (OpenSSL/BoringSSL), grpc-netty-shaded (which bundles
 * tcnative), other JCA provider implementations, or a jar that registers a JCA provider. The four
 * Bouncy Castle FIPS jars must be present at exactly the versions the build pins.
 */
public final class ClassPathScan {
  /** Directories of a Quarkus fast-jar that hold the run-time class path. */
  static final List<String> CLASS_PATH_DIRS = List.of("lib/boot", "lib/main", "app", "quarkus");

  /** The kind of the four Bouncy Castle FIPS jars. */
  static final String FIPS_JAR = "bc-fips";

  private static final Map<String, String> FORBIDDEN_PACKAGES = new LinkedHashMap<>();

  static {
    FORBIDDEN_PACKAGES.put("org/conscrypt/", "Conscrypt (BoringSSL crypto and TLS)");
    FORBIDDEN_PACKAGES.put("io/netty/internal/tcnative/", "netty-tcnative (OpenSSL/BoringSSL TLS)");
    FORBIDDEN_PACKAGES.put("io/grpc/netty/shaded/", "grpc-netty-shaded (bundles netty-tcnative)");
    FORBIDDEN_PACKAGES.put("com/google/crypto/tink/", "Tink (crypto implementation)");
    FORBIDDEN_PACKAGES.put("com/amazon/corretto/crypto/", "Amazon Corretto Crypto Provider");
    FORBIDDEN_PACKAGES.put("org/wildfly/openssl/", "wildfly-openssl (OpenSSL TLS)");
    FORBIDDEN_PACKAGES.put("org/openjsse/", "OpenJSSE (TLS implementation)");
  }

  private ClassPathScan() {}

  /**
   * One jar.
   *
   * @param path relative to the variant
   * @param kind {@code bc-fips} (one of the four Bouncy Castle FIPS jars), {@code forbidden} or {@code other}
   * @param detail for forbidden jars why; for the FIPS jars what they are and their SHA-256
   */
  public record Jar(String path, String kind, String detail) {}

  /**
   * The scan.
   *
   * @param jars every jar, in path order
   * @param missing expected FIPS jars not found (artifact-version)
   */
  public record Result(List<Jar> jars, List<String> missing) {
    public List<Jar> forbidden() {
      return jars.stream().filter(j -> j.kind().equals("forbidden")).toList();
    }

    public List<Jar> fipsJars() {
      return jars.stream().filter(j -> j.kind().equals(FIPS_JAR)).toList();
    }
  }

  /** The Bouncy Castle FIPS artifacts and versions the build pins (artifactId → version). */
  public static Map<String, String> expectedFipsJars() {
    Properties p = new Properties();
    try (InputStream in = ClassPathScan.class.getResourceAsStream("/dev/rigging/fips/fips-jars.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> expected = new LinkedHashMap<>();
    for (String artifact : List.of("bc-fips", "bcpkix-fips", "bctls-fips", "bcutil-fips")) {
      expected.put(artifact, p.getProperty(artifact));
    }
    return expected;
  }

  /** Every jar under the variant's class-path directories. */
  public static List<Path> classPathJars(Path variant) throws IOException {
    List<Path> jars = new ArrayList<>();
    for (String dir : CLASS_PATH_DIRS) {
      Path d = variant.resolve(dir);
      if (Files.isDirectory(d)) {
        try (Stream<Path> files = Files.walk(d)) {
          files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
        }
      }
    }
    return jars;
  }

  public static Result scan(Path variant) throws IOException {
    Map<String, String> expected = expectedFipsJars();
    Set<String> found = new LinkedHashSet<>();
    List<Jar> jars = new ArrayList<>();
    for (Path jar : classPathJars(variant)) {
      String relative = variant.relativize(jar).toString();
      String fileName = jar.getFileName().toString();
      String fipsArtifact = expected.entrySet().stream()
          .filter(e -> fileName.equals("org.bouncycastle." + e.getKey() + "-" + e.getValue() + ".jar"))
          .map(Map.Entry::getKey).findFirst().orElse(null);
      if (fipsArtifact != null) {
        found.add(fipsArtifact);
        String what = fipsArtifact.equals("bc-fips") ? "the validated module"
            : "API built for the module, outside its validation boundary";
        jars.add(new Jar(relative, FIPS_JAR, what + "; sha256 " + sha256(jar)));
        continue;
      }
      List<String> reasons = forbiddenContent(jar);
      jars.add(reasons.isEmpty() ? new Jar(relative, "other", "") : new Jar(relative, "forbidden", String.join("; ", reasons)));
    }
    List<String> missing = expected.entrySet().stream().filter(e -> !found.contains(e.getKey()))
        .map(e -> e.getKey() + "-" + e.getValue()).toList();
    return new Result(List.copyOf(jars), missing);
  }

  /** Why {@code jar} must not be on a FIPS variant's class path; empty when it may. */
  static List<String> forbiddenContent(Path jar) throws IOException {
    Set<String> reasons = new LinkedHashSet<>();
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (name.startsWith("org/bouncycastle/") && name.endsWith(".class")) {
          reasons.add("Bouncy Castle classes outside the FIPS jars (a non-FIPS build such as bcprov, or another version)");
        }
        FORBIDDEN_PACKAGES.forEach((prefix, what) -> {
          if (name.startsWith(prefix)) {
            reasons.add(what);
          }
        });
        if (name.startsWith("META-INF/native/") && name.contains("tcnative")) {
          reasons.add("netty-tcnative native library");
        }
        if (name.equals("META-INF/services/java.security.Provider")) {
          reasons.add("registers a JCA provider (META-INF/services/java.security.Provider)");
        }
      }
    }
    return List.copyOf(reasons);
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

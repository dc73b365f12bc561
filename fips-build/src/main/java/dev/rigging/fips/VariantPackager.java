package dev.rigging.fips;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@code VariantPackager} makes the FIPS variant of a built Quarkus app: a copy of its
 * {@code target/quarkus-app} (the same jars, byte for byte) plus {@code conf/java.security} (the
 * provider and key store override), {@code conf/jvm.args} (the FIPS flags) and a launcher
 * {@code bin/APP} that starts the app with both. The variant is the standard build run differently;
 * what makes it FIPS-only is the configuration and the start-up self-check it switches on.
 */
public final class VariantPackager {
  static final String JAVA_SECURITY = "conf/java.security";
  static final String JVM_ARGS = "conf/jvm.args";

  private VariantPackager() {}

  /** Arguments: the output directory, then one {@code NAME=QUARKUS_APP_DIR} per variant. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: VariantPackager OUTPUT_DIR NAME=QUARKUS_APP_DIR...");
    }
    Path output = Path.of(args[0]);
    for (int i = 1; i < args.length; i++) {
      String[] app = args[i].split("=", 2);
      if (app.length != 2) {
        throw new IllegalArgumentException(args[i] + ": expected NAME=QUARKUS_APP_DIR");
      }
      Path variant = pack(app[0], Path.of(app[1]), output);
      System.out.println("[fips-build] FIPS variant of " + app[0] + ": " + variant);
    }
  }

  /** Writes the variant of {@code name} from {@code quarkusApp} to {@code output/name}, replacing an older one. */
  public static Path pack(String name, Path quarkusApp, Path output) throws IOException {
    Objects.requireNonNull(name, "name");
    if (!Files.isRegularFile(quarkusApp.resolve("quarkus-run.jar"))) {
      throw new IOException(quarkusApp + " holds no quarkus-run.jar: build " + name + " first (mvn package -pl " + name
          + "), or use 'make fips'");
    }
    Path variant = output.resolve(name);
    delete(variant);
    copyTree(quarkusApp, variant);
    Files.createDirectories(variant.resolve("conf"));
    Files.createDirectories(variant.resolve("bin"));
    Files.writeString(variant.resolve(JAVA_SECURITY), resource("java.security"));
    Files.writeString(variant.resolve(JVM_ARGS), resource("jvm.args"));
    Path launcher = variant.resolve("bin").resolve(name);
    Files.writeString(launcher, resource("launcher.sh").replace("@APP@", name));
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    return variant;
  }

  static String resource(String name) {
    try (InputStream in = VariantPackager.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource dev/rigging/fips/" + name + " is missing from the fips-build jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}

package dev.rigging.ca.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code PluggedCaDirectory} reads an operator-provided CA from a {@code cacerts} directory
 * (usually the mounted Secret {@code cacerts}): {@value CaBundle#CA_CERT},
 * {@value CaBundle#CA_KEY}, {@value CaBundle#CERT_CHAIN} and {@value CaBundle#ROOT_CERT}. The
 * directory holds a plugged CA when the first two exist. Reads follow symbolic links, so Kubernetes'
 * {@code ..data} symlink swaps are seen as content changes.
 */
public final class PluggedCaDirectory {
  private final Path dir;

  public PluggedCaDirectory(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
  }

  /** The plugged bundle, or empty when the directory holds none (missing, or no cert/key). */
  public Optional<CaBundle> read() throws IOException {
    if (!Files.exists(dir.resolve(CaBundle.CA_CERT)) || !Files.exists(dir.resolve(CaBundle.CA_KEY))) {
      return Optional.empty();
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : new String[] {CaBundle.CA_CERT, CaBundle.CA_KEY, CaBundle.CERT_CHAIN, CaBundle.ROOT_CERT}) {
      Path file = dir.resolve(name);
      if (Files.exists(file)) {
        files.put(name, Files.readAllBytes(file));
      }
    }
    return CaBundle.fromFiles(files);
  }

  public Path dir() {
    return dir;
  }

  /** For logs. */
  public String describe() {
    return "cacerts:" + dir;
  }
}

package dev.rigging.lifecycle.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rigging.lifecycle.errors.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code Profiles} are the built-in install profiles ({@code profiles/<name>.yaml}) and cloud
 * overlays ({@code profiles/cloud/<cloud>.yaml}), read from the jar as IstioOperator documents.
 */
public final class Profiles {
  /** The profile names, in the order help text lists them. */
  public static final List<String> NAMES = List.of("default", "minimal", "demo", "fips");
  public static final String DEFAULT = "default";

  private Profiles() {}

  /** The spec tree of profile {@code name} (only its differences from {@code default}, except for default itself). */
  public static JsonNode profile(String name) {
    if (!NAMES.contains(name)) {
      throw new UsageException("unknown profile \"" + name + "\"; valid: " + String.join(", ", NAMES));
    }
    return read("profiles/" + name + ".yaml");
  }

  /** The spec tree of {@code cloud}'s overlay. */
  public static JsonNode cloudOverlay(Cloud cloud) {
    if (!cloud.hasOverlay()) {
      throw new IllegalArgumentException(cloud + " has no overlay");
    }
    return read("profiles/cloud/" + cloud.id() + ".yaml");
  }

  private static JsonNode read(String resource) {
    try (InputStream in = Profiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing class-path resource " + resource);
      }
      return OperatorDocument.specOf(resource, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}

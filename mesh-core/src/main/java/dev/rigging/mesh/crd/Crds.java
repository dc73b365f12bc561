package dev.rigging.mesh.crd;

import dev.rigging.mesh.config.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * {@code Crds} gives the committed CustomResourceDefinitions of the Istio kinds, as YAML read from
 * the class path ({@code crds/<plural>.<group>.yaml}), for installers to apply.
 */
public final class Crds {
  private Crds() {}

  /** The class-path resource of {@code kind}'s CRD. */
  public static String resource(Kind kind) {
    return "crds/" + CrdGenerator.fileName(kind);
  }

  /** The CRD of {@code kind} as YAML. */
  public static String yaml(Kind kind) {
    String resource = resource(kind);
    try (InputStream in = Crds.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing class-path resource " + resource + "; is mesh-core built?");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The CRDs of all kinds, in {@link Kind} order. */
  public static List<String> yaml() {
    return Arrays.stream(Kind.values()).map(Crds::yaml).toList();
  }
}

package dev.rigging.lifecycle.render;

import dev.rigging.lifecycle.catalog.Flavour;
import dev.rigging.lifecycle.catalog.Images;
import dev.rigging.lifecycle.catalog.MeshVersion;
import dev.rigging.lifecycle.spec.InstallSpec;
import dev.rigging.lifecycle.spec.ResolvedSpec;
import java.util.Objects;

/**
 * {@code RenderTarget} is everything rendering needs: the resolved spec, the catalog entry of the
 * version to install, and the mesh namespace ({@code -i}).
 */
public record RenderTarget(ResolvedSpec resolved, MeshVersion version, String namespace) {
  public RenderTarget {
    Objects.requireNonNull(resolved, "resolved");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(namespace, "namespace");
  }

  public InstallSpec spec() {
    return resolved.spec();
  }

  public Flavour flavour() {
    return Flavour.of(spec().flavour());
  }

  public Images images() {
    return version.images(flavour());
  }

  public RevisionNames names() {
    return new RevisionNames(resolved.revision(), namespace);
  }

  public String revision() {
    return resolved.revision();
  }
}

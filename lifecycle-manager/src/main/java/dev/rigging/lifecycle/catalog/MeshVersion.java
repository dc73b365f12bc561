package dev.rigging.lifecycle.catalog;

import dev.rigging.lifecycle.errors.UsageException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * {@code MeshVersion} is one entry of the release catalog: a Rigging version, when it was
 * released and stops being supported, whether it is a security patch, the Kubernetes versions it
 * supports, and its images per flavour.
 */
public record MeshVersion(
    SemVer version,
    LocalDate released,
    LocalDate endOfLife,
    boolean security,
    KubernetesRange kubernetes,
    Map<Flavour, Images> flavours,
    String notes) {

  public MeshVersion {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(endOfLife, "endOfLife");
    Objects.requireNonNull(kubernetes, "kubernetes");
    flavours = Map.copyOf(flavours);
    notes = notes == null ? "" : notes;
  }

  /** The images of {@code flavour}; a usage error naming the flavours this version has otherwise. */
  public Images images(Flavour flavour) {
    Images images = flavours.get(flavour);
    if (images == null) {
      throw new UsageException("version " + version + " has no " + flavour + " flavour; available: "
          + flavours.keySet().stream().map(Flavour::id).sorted().collect(Collectors.joining(", ")));
    }
    return images;
  }

  /** Whether this version is past its end of life on {@code today}. */
  public boolean endOfLifeOn(LocalDate today) {
    return today.isAfter(endOfLife);
  }
}

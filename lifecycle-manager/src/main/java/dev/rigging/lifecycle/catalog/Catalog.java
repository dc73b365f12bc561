package dev.rigging.lifecycle.catalog;

import dev.rigging.lifecycle.errors.UsageException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code Catalog} is the release catalog: every mesh version rig can install, newest first, with
 * the source it was read from (the built-in {@code versions.yaml} or an override file).
 */
public final class Catalog {
  private final String source;
  private final List<MeshVersion> versions;

  public Catalog(String source, List<MeshVersion> versions) {
    this.source = source;
    this.versions = versions.stream().sorted(Comparator.comparing(MeshVersion::version).reversed()).toList();
    if (this.versions.isEmpty()) {
      throw new IllegalArgumentException(source + ": the catalog lists no versions");
    }
  }

  /** Where the catalog came from, for messages. */
  public String source() {
    return source;
  }

  /** Every version, newest first. */
  public List<MeshVersion> versions() {
    return versions;
  }

  public Optional<MeshVersion> find(SemVer version) {
    return versions.stream().filter(v -> v.version().equals(version)).findFirst();
  }

  /** The version named {@code text}; a usage error listing the known versions otherwise. */
  public MeshVersion require(String text) {
    SemVer v = SemVer.parse(text).orElseThrow(() -> new UsageException(
        "\"" + text + "\" is not a version (MAJOR.MINOR.PATCH); known versions: " + known()));
    return find(v).orElseThrow(() -> new UsageException(
        "unknown version " + v + " (catalog " + source + "); known versions: " + known()));
  }

  /** The newest version that has {@code flavour}. */
  public MeshVersion latest(Flavour flavour) {
    return versions.stream().filter(v -> v.flavours().containsKey(flavour)).findFirst()
        .orElseThrow(() -> new UsageException("no version in catalog " + source + " has the " + flavour + " flavour"));
  }

  /** Versions newer than {@code current}, newest first. */
  public List<MeshVersion> newerThan(SemVer current) {
    return versions.stream().filter(v -> v.version().compareTo(current) > 0).toList();
  }

  /** The known versions, newest first, comma-separated. */
  public String known() {
    return versions.stream().map(v -> v.version().toString()).collect(Collectors.joining(", "));
  }
}

package dev.rigging.lifecycle.catalog;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code UpgradeAdvice} is what the catalog says about one installed version on one cluster: the
 * newest patch of its minor line (and whether a newer patch fixes a security issue), the newest
 * version that supports the cluster's Kubernetes, and whether the installed version is past its end
 * of life.
 */
public record UpgradeAdvice(String installed, Optional<MeshVersion> current, Optional<MeshVersion> latestPatch,
    boolean securityPatch, Optional<MeshVersion> newestSupported, boolean endOfLife, String status) {

  /** Advice for {@code installed} on a cluster running {@code kubernetes}, as of {@code today}. */
  public static UpgradeAdvice of(Catalog catalog, String installed, String flavour, KubernetesVersion kubernetes,
      LocalDate today) {
    Optional<SemVer> v = SemVer.parse(installed);
    Optional<MeshVersion> current = v.flatMap(catalog::find);
    Flavour f = Flavour.of(flavour);
    List<MeshVersion> newer = v.map(catalog::newerThan).orElse(List.of()).stream()
        .filter(m -> m.flavours().containsKey(f)).toList();
    Optional<MeshVersion> latestPatch = newer.stream().filter(m -> m.version().sameMinor(v.get()))
        .max(Comparator.comparing(MeshVersion::version));
    boolean security = newer.stream().anyMatch(m -> m.version().sameMinor(v.get()) && m.security());
    Optional<MeshVersion> newest = newer.stream().filter(m -> m.kubernetes().contains(kubernetes))
        .max(Comparator.comparing(MeshVersion::version));
    boolean eol = current.map(m -> m.endOfLifeOn(today)).orElse(false);
    String status;
    if (current.isEmpty()) {
      status = "not in catalog " + catalog.source();
    } else if (eol) {
      status = "END OF LIFE since " + current.get().endOfLife();
    } else if (security) {
      status = "SECURITY PATCH AVAILABLE";
    } else if (latestPatch.isPresent()) {
      status = "patch available";
    } else if (newest.isPresent()) {
      status = "newer version available";
    } else {
      status = "up to date";
    }
    return new UpgradeAdvice(installed, current, latestPatch, security, newest, eol, status);
  }
}

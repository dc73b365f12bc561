package dev.rigging.lifecycle.catalog;

import dev.rigging.lifecycle.errors.UsageException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** {@code Flavour} is a build flavour: {@code std}, or {@code fips} (FIPS 140-validated crypto). */
public enum Flavour {
  STD("std"),
  FIPS("fips");

  private final String id;

  Flavour(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The flavour named {@code id}; a usage error listing the valid ones otherwise. */
  public static Flavour of(String id) {
    return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst()
        .orElseThrow(() -> new UsageException("unknown flavour \"" + id + "\"; valid: " + ids()));
  }

  public static String ids() {
    return Arrays.stream(values()).map(Flavour::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}

package dev.rigging.lifecycle.catalog;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code SemVer} is a mesh version {@code MAJOR.MINOR.PATCH} (a leading {@code v} is accepted). */
public record SemVer(int major, int minor, int patch) implements Comparable<SemVer> {
  private static final Pattern FORMAT = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");
  private static final Comparator<SemVer> ORDER =
      Comparator.comparingInt(SemVer::major).thenComparingInt(SemVer::minor).thenComparingInt(SemVer::patch);

  /** The version written as {@code text}, if it is one. */
  public static Optional<SemVer> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new SemVer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3))));
  }

  /** Whether {@code other} is in the same minor line (1.0.x and 1.0.y). */
  public boolean sameMinor(SemVer other) {
    return major == other.major && minor == other.minor;
  }

  @Override
  public int compareTo(SemVer o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}

package dev.rigging.lifecycle.catalog;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code KubernetesVersion} is a Kubernetes minor version such as {@code 1.30}. Parsing accepts
 * what API servers report: {@code v1.30.2}, {@code v1.30.2-eks-1a2b3c}, {@code 1.30+} (GKE and
 * EKS add a {@code +} to the minor).
 */
public record KubernetesVersion(int major, int minor) implements Comparable<KubernetesVersion> {
  private static final Pattern FORMAT = Pattern.compile("v?(\\d+)\\.(\\d+)\\+?(?:[.\\-+].*)?");
  private static final Comparator<KubernetesVersion> ORDER =
      Comparator.comparingInt(KubernetesVersion::major).thenComparingInt(KubernetesVersion::minor);

  /** The version written as {@code text}, if it is one. */
  public static Optional<KubernetesVersion> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new KubernetesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
  }

  /** The version from the {@code major} and {@code minor} fields of {@code /version}. */
  public static Optional<KubernetesVersion> of(String major, String minor) {
    return parse(strip(major) + "." + strip(minor));
  }

  private static String strip(String s) {
    return s == null ? "" : s.replace("+", "").trim();
  }

  @Override
  public int compareTo(KubernetesVersion o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}

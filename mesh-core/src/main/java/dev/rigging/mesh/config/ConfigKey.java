package dev.rigging.mesh.config;

import java.util.Comparator;
import java.util.Objects;

/** {@code ConfigKey} identifies one Istio object: kind, namespace and name. */
public record ConfigKey(Kind kind, String namespace, String name) implements Comparable<ConfigKey> {

  private static final Comparator<ConfigKey> ORDER =
      Comparator.comparing(ConfigKey::kind).thenComparing(ConfigKey::namespace).thenComparing(ConfigKey::name);

  public ConfigKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public int compareTo(ConfigKey o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return kind.kindName() + " " + namespace + "/" + name;
  }
}

package dev.rigging.mesh.config;

import java.util.Objects;

/**
 * {@code ConfigObject} is one typed, decoded Istio object.
 *
 * @param <S> the spec record type, {@link Kind#specClass()}
 */
public record ConfigObject<S>(Kind kind, String apiVersion, ObjectMeta meta, S spec, Origin origin) {

  public ConfigObject {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(spec, "spec");
    if (!kind.specClass().isInstance(spec)) {
      throw new IllegalArgumentException("spec of " + kind.kindName() + " must be " + kind.specClass().getSimpleName());
    }
  }

  public String name() {
    return meta.name();
  }

  public String namespace() {
    return meta.namespace();
  }

  public ConfigKey key() {
    return new ConfigKey(kind, meta.namespace(), meta.name());
  }

  /** This object with a narrower spec type; fails if the kind's spec is not {@code type}. */
  @SuppressWarnings("unchecked")
  public <T> ConfigObject<T> as(Class<T> type) {
    if (!type.isInstance(spec)) {
      throw new ClassCastException(key() + " is not a " + type.getSimpleName());
    }
    return (ConfigObject<T>) this;
  }
}

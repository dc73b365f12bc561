package dev.rigging.istiod.registry;

import java.util.Objects;

/** {@code ServiceKey} identifies a service definition: host name plus the namespace defining it. */
public record ServiceKey(String hostname, String namespace) {
  public ServiceKey {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(namespace, "namespace");
  }

  @Override
  public String toString() {
    return hostname + " (" + namespace + ")";
  }
}

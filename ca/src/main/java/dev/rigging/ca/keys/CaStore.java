package dev.rigging.ca.keys;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code CaStore} persists the self-signed CA's {@link CaBundle} so that the root survives restarts
 * and is shared by replicas. Writes are conditional: a bundle is created only where none exists,
 * and replaced only if the stored version is still the one the caller read — so two replicas can
 * never each generate a root, or each rotate it.
 */
public interface CaStore {
  /** A stored bundle and the version it was read at (compare-and-set token). */
  record Stored(CaBundle bundle, String version) {}

  /** The stored bundle, if there is one. */
  Optional<Stored> load() throws IOException;

  /**
   * Stores {@code bundle} unless a bundle already exists.
   *
   * @return what is stored afterwards: {@code bundle}, or the existing one that won
   */
  Stored createIfAbsent(CaBundle bundle) throws IOException;

  /**
   * Replaces {@code expected} with {@code next}.
   *
   * @return the new stored state, or empty when the store changed since {@code expected} was read
   */
  Optional<Stored> replace(Stored expected, CaBundle next) throws IOException;

  /** Where the bundle lives, for logs ({@code file:/var/lib/rigging-ca}, {@code secret:istio-system/istio-ca-secret}). */
  String describe();
}

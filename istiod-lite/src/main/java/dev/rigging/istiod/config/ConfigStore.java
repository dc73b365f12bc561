package dev.rigging.istiod.config;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@code ConfigStore} holds the current {@link ConfigSnapshot} and tells listeners about changes.
 *
 * <p>Sources update it atomically with a function of the previous snapshot, so an update is either
 * fully visible or not at all. Listeners run on the updating thread and must only enqueue work.
 */
public final class ConfigStore {
  private final List<Consumer<ConfigChange>> listeners = new CopyOnWriteArrayList<>();
  private volatile ConfigSnapshot snapshot = ConfigSnapshot.EMPTY;

  /** The current snapshot. */
  public ConfigSnapshot snapshot() {
    return snapshot;
  }

  /** Replaces the snapshot with {@code update(current)} and notifies listeners if it changed. */
  public void update(UnaryOperator<ConfigSnapshot> update, ConfigChange change) {
    Objects.requireNonNull(change, "change");
    synchronized (this) {
      ConfigSnapshot next = Objects.requireNonNull(update.apply(snapshot), "update returned null");
      if (next == snapshot) {
        return;
      }
      snapshot = next;
    }
    for (Consumer<ConfigChange> l : listeners) {
      l.accept(change);
    }
  }

  /** Registers a listener for every later change. */
  public void addListener(Consumer<ConfigChange> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }
}

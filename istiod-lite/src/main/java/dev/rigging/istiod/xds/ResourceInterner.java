package dev.rigging.istiod.xds;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.VersionedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ResourceInterner} gives equal resources one shared instance and one version across
 * proxies and across pushes, for one xDS type.
 *
 * <p>Sharing instances lets the serializer encode each distinct resource once per push; stable
 * versions let delta xDS and per-type SotW versions skip resources that did not change. Versions
 * carry a per-process epoch so that a proxy reconnecting to a restarted control plane never
 * mistakes new content for what it already holds. Each push starts a generation: entries not used
 * in it are dropped when it ends, so memory follows the live config.
 */
final class ResourceInterner {
  private volatile String epoch;
  private final AtomicLong counter = new AtomicLong();
  private volatile Map<Message, VersionedResource<?>> current = new ConcurrentHashMap<>();
  private volatile Map<Message, VersionedResource<?>> next = current;
  private volatile Map<List<VersionedResource<?>>, TypeResources> currentSets = new ConcurrentHashMap<>();
  private volatile Map<List<VersionedResource<?>>, TypeResources> nextSets = currentSets;

  ResourceInterner(String epoch) {
    this.epoch = epoch;
  }

  /**
   * Starts a push generation. Between generations (a proxy connecting) interning adds to the
   * current generation.
   */
  void begin() {
    next = new ConcurrentHashMap<>();
    nextSets = new ConcurrentHashMap<>();
  }

  /**
   * Starts a generation that shares nothing with the previous ones: every resource gets a new
   * version, so every proxy is sent everything again (an operator's forced resync).
   */
  void beginAfresh(String newEpoch) {
    epoch = newEpoch;
    current = new ConcurrentHashMap<>();
    currentSets = new ConcurrentHashMap<>();
    begin();
  }

  /** Ends the generation: what it did not use is forgotten. */
  void end() {
    current = next;
    currentSets = nextSets;
  }

  /** The shared, versioned set for {@code resources} (in this generation). */
  TypeResources intern(List<? extends Message> resources) {
    Map<Message, VersionedResource<?>> gen = next;
    List<VersionedResource<?>> list = new ArrayList<>(resources.size());
    for (Message m : resources) {
      list.add(gen.computeIfAbsent(m, this::versioned));
    }
    return nextSets.computeIfAbsent(list, l -> {
      TypeResources prev = currentSets.get(l);
      return prev != null ? prev : new TypeResources(l, epoch + "-" + counter.incrementAndGet());
    });
  }

  private VersionedResource<?> versioned(Message m) {
    VersionedResource<?> prev = current.get(m);
    return prev != null ? prev : VersionedResource.create(m, epoch + "-" + counter.incrementAndGet());
  }

  /** How many distinct resources the last finished generation held. */
  int size() {
    return current.size();
  }
}

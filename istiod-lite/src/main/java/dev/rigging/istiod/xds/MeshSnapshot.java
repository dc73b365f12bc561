package dev.rigging.istiod.xds;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.Snapshot;
import io.envoyproxy.controlplane.cache.VersionedResource;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code MeshSnapshot} is the config of one proxy group: for each xDS type its
 * {@link TypeResources} with a per-type version, so a change to routes resends only routes.
 *
 * <p>It extends java-control-plane's base snapshot rather than using the v3 one, because the v3
 * factory hashes every resource again for every group; here resources and per-type sets are
 * interned once per push and shared.
 */
public final class MeshSnapshot extends Snapshot {
  private final Map<ResourceType, TypeResources> types;
  private final long pushVersion;
  private final long triggerNanos;

  MeshSnapshot(Map<ResourceType, TypeResources> types, long pushVersion, long triggerNanos) {
    this.types = new EnumMap<>(types);
    this.pushVersion = pushVersion;
    this.triggerNanos = triggerNanos;
  }

  /** The same snapshot with one type replaced (EDS-only pushes). */
  MeshSnapshot with(Map<ResourceType, TypeResources> replaced, long pushVersion, long triggerNanos) {
    Map<ResourceType, TypeResources> next = new EnumMap<>(types);
    next.putAll(replaced);
    return new MeshSnapshot(next, pushVersion, triggerNanos);
  }

  TypeResources type(ResourceType type) {
    return types.getOrDefault(type, TypeResources.EMPTY);
  }

  /** The push that produced this snapshot. */
  public long pushVersion() {
    return pushVersion;
  }

  /** {@link System#nanoTime()} of the first config change this snapshot reflects (for convergence time). */
  public long triggerNanos() {
    return triggerNanos;
  }

  @Override
  public String version(ResourceType resourceType, List<String> resourceNames) {
    return type(resourceType).version();
  }

  @Override
  public Map<String, ? extends Message> resources(ResourceType resourceType) {
    return type(resourceType).resources();
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Map<String, VersionedResource<? extends Message>> versionedResources(ResourceType resourceType) {
    return (Map) type(resourceType).versioned();
  }
}

package dev.rigging.istiod.xds;

import com.google.common.collect.ImmutableMap;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.VersionedResource;
import java.util.List;
import java.util.Map;

/**
 * {@code TypeResources} is the immutable set of resources of one type sent to one proxy group,
 * with the version string the group sees for that type. Instances are shared between groups
 * that receive exactly the same resources.
 */
public final class TypeResources {
  static final TypeResources EMPTY = new TypeResources(List.of(), "empty");

  private final List<VersionedResource<?>> list;
  private final Map<String, VersionedResource<?>> versioned;
  private final Map<String, Message> resources;
  private final String version;

  TypeResources(List<VersionedResource<?>> list, String version) {
    this.list = List.copyOf(list);
    ImmutableMap.Builder<String, VersionedResource<?>> v = ImmutableMap.builderWithExpectedSize(list.size());
    ImmutableMap.Builder<String, Message> r = ImmutableMap.builderWithExpectedSize(list.size());
    for (VersionedResource<?> vr : list) {
      String name = Resources.getResourceName(vr.resource());
      v.put(name, vr);
      r.put(name, vr.resource());
    }
    this.versioned = v.buildKeepingLast();
    this.resources = r.buildKeepingLast();
    this.version = version;
  }

  /** The resources in generation order. */
  public List<VersionedResource<?>> list() {
    return list;
  }

  /** Resources with their per-resource versions, by name. */
  public Map<String, VersionedResource<?>> versioned() {
    return versioned;
  }

  /** Resources by name. */
  public Map<String, Message> resources() {
    return resources;
  }

  /** The version of this type for the group. */
  public String version() {
    return version;
  }
}

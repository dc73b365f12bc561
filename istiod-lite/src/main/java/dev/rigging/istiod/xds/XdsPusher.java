package dev.rigging.istiod.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.model.SidecarScope;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.SimpleCache;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * {@code XdsPusher} turns a {@link PushContext} into snapshots for every connected proxy group and
 * hands them to the cache, which answers the proxies' open watches.
 *
 * <p>Generation runs in parallel over groups; resources are interned per type so that groups with
 * the same inputs share instances, versions and serialized bytes. An endpoint-only push regenerates
 * EDS and keeps every other type of each group's snapshot as it was.
 */
public final class XdsPusher {
  private static final Logger LOG = Logger.getLogger(XdsPusher.class);

  private final SimpleCache<String, MeshSnapshot> cache;
  private final Map<ResourceType, XdsGenerator> generators;
  private final Map<ResourceType, ResourceInterner> interners = new EnumMap<>(ResourceType.class);
  private final Map<String, Group> groups = new ConcurrentHashMap<>();
  private final Object generationLock = new Object();
  private final java.util.concurrent.ExecutorService initial = java.util.concurrent.Executors.newSingleThreadExecutor(
      r -> {
        Thread t = new Thread(r, "rigging-xds-initial");
        t.setDaemon(true);
        return t;
      });
  private final InstanceSerializer serializer = new InstanceSerializer(this::packed);
  private volatile PushContext current;
  /** Sidecar views since the last push that was not partial (guarded by generationLock). */
  private final Map<ProxyScope, SidecarScope> egressViews = new HashMap<>();

  private static final class Group {
    final Proxy proxy;
    final AtomicInteger streams = new AtomicInteger();

    Group(Proxy proxy) {
      this.proxy = proxy;
    }
  }

  /** Outcome of one push. */
  public record PushResult(long version, boolean full, int groups, int resources, long generateNanos) {}

  XdsPusher(SimpleCache<String, MeshSnapshot> cache, List<XdsGenerator> generators) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.generators = new EnumMap<>(ResourceType.class);
    String epoch = UUID.randomUUID().toString().substring(0, 8);
    for (XdsGenerator g : generators) {
      ResourceType type = Resources.TYPE_URLS_TO_RESOURCE_TYPE.get(g.typeUrl());
      this.generators.put(Objects.requireNonNull(type, g.typeUrl()), g);
      interners.put(type, new ResourceInterner(epoch));
    }
  }

  /** The push context of the last push, or null before the first. */
  public PushContext current() {
    return current;
  }

  /** Number of proxy groups with at least one stream. */
  public int groupCount() {
    return groups.size();
  }

  /** The snapshot a group currently has, or null. */
  public MeshSnapshot snapshot(String groupKey) {
    return cache.getSnapshot(groupKey);
  }

  /** The serializer that sends the bytes resources were packed into when they were interned. */
  InstanceSerializer serializer() {
    return serializer;
  }

  /** The bytes {@code resource} was packed into when it was interned, or null if it is not interned. */
  Any packed(Message resource) {
    ResourceType type = RESOURCE_TYPES.get(resource.getClass());
    ResourceInterner interner = type == null ? null : interners.get(type);
    return interner == null ? null : interner.packed(resource);
  }

  private static final ClassValue<ResourceType> RESOURCE_TYPES = new ClassValue<>() {
    @Override
    protected ResourceType computeValue(Class<?> type) {
      for (var e : Resources.RESOURCE_TYPE_BY_URL.entrySet()) {
        if (e.getValue() == type) {
          return Resources.TYPE_URLS_TO_RESOURCE_TYPE.get(e.getKey());
        }
      }
      return null;
    }
  };

  /** For convergence: when the change behind a group's current snapshot happened (0 if unknown). */
  long triggerNanos(String groupKey) {
    MeshSnapshot s = cache.getSnapshot(groupKey);
    return s == null ? 0 : s.triggerNanos();
  }

  /** Resources of one type generated for {@code proxy} from the current push context, or an empty list. */
  public List<? extends Message> generate(Proxy proxy, ResourceType type) {
    PushContext ctx = current;
    XdsGenerator g = generators.get(type);
    return ctx == null || g == null ? List.of() : g.generate(ctx, proxy);
  }

  /**
   * A stream opened. A new group's config is generated on the pusher's own thread, never on the
   * transport's (gRPC event loops must not wait for generation or for a push in progress); the
   * proxy's watches stay open until the snapshot arrives.
   */
  void connected(Proxy proxy) {
    Group g = groups.computeIfAbsent(proxy.groupKey(), k -> new Group(proxy));
    if (g.streams.getAndIncrement() == 0 && cache.getSnapshot(proxy.groupKey()) == null && current != null) {
      long connectedAt = System.nanoTime();
      initial.execute(() -> {
        synchronized (generationLock) {
          PushContext ctx = current;
          if (groups.containsKey(proxy.groupKey()) && cache.getSnapshot(proxy.groupKey()) == null) {
            cache.setSnapshot(proxy.groupKey(), generateAll(ctx, proxy, connectedAt));
          }
        }
      });
    }
  }

  /** Stops the thread that generates config for newly connected proxies. */
  void close() {
    initial.shutdownNow();
  }

  /** A stream closed: forget the group once its last stream is gone. */
  void disconnected(Proxy proxy) {
    groups.computeIfPresent(proxy.groupKey(), (k, g) -> {
      if (g.streams.decrementAndGet() > 0) {
        return g;
      }
      cache.clearSnapshot(k);
      return null;
    });
  }

  /**
   * Pushes {@code ctx} to every connected group.
   *
   * @param full false when only endpoints changed: EDS is regenerated, other types kept
   * @param triggerNanos {@code nanoTime} of the first change this push reflects
   */
  public PushResult push(PushContext ctx, boolean full, long triggerNanos) {
    return push(ctx, full, triggerNanos, false);
  }

  /**
   * Pushes {@code ctx} to every connected group; with {@code resendAll} every resource gets a new
   * version, so every proxy receives all of its config again.
   */
  public PushResult push(PushContext ctx, boolean full, long triggerNanos, boolean resendAll) {
    long start = System.nanoTime();
    synchronized (generationLock) {
      current = ctx;
      egressViews.clear();
      serializer.forget();
      List<ResourceType> types = full ? List.copyOf(generators.keySet()) : List.of(ResourceType.ENDPOINT);
      if (resendAll) {
        String epoch = UUID.randomUUID().toString().substring(0, 8);
        types.forEach(t -> interners.get(t).beginAfresh(epoch));
      } else {
        types.forEach(t -> interners.get(t).begin());
      }
      List<Map.Entry<String, Group>> targets = new ArrayList<>(groups.entrySet());
      List<MeshSnapshot> snapshots = targets.parallelStream().map(e -> {
        MeshSnapshot previous = cache.getSnapshot(e.getKey());
        if (full || previous == null) {
          return generateAll(ctx, e.getValue().proxy, triggerNanos);
        }
        return previous.with(generate(ctx, e.getValue().proxy, types), ctx.version(), triggerNanos);
      }).toList();
      types.forEach(t -> interners.get(t).end());
      long generated = System.nanoTime() - start;
      for (int i = 0; i < targets.size(); i++) {
        cache.setSnapshot(targets.get(i).getKey(), snapshots.get(i));
      }
      int resources = types.stream().mapToInt(t -> interners.get(t).size()).sum();
      LOG.debugf("push version=%d full=%s groups=%d distinct-resources=%d generate=%.1fms total=%.1fms",
          ctx.version(), full, targets.size(), resources, generated / 1e6, (System.nanoTime() - start) / 1e6);
      return new PushResult(ctx.version(), full, targets.size(), resources, generated);
    }
  }

  /**
   * Pushes {@code ctx} after a change that touched only mesh VirtualServices: only the groups the
   * change can affect (and groups without a snapshot yet) are generated again. Every other group
   * keeps its snapshot, which is what it would be sent anyway, so a route edit in one namespace
   * costs that namespace's translation instead of the whole mesh's.
   */
  PushResult push(PushContext ctx, VirtualServiceChange change, long triggerNanos) {
    long start = System.nanoTime();
    synchronized (generationLock) {
      PushContext previous = current;
      if (previous == null) {
        return push(ctx, true, triggerNanos, false);
      }
      current = ctx;
      serializer.forget();
      // Only the Sidecar's egress imports are read, and the change cannot alter them; views computed
      // by earlier push contexts are reused rather than built again for this one.
      VirtualServiceChange.Affected affected = change.affected(previous, ctx,
          scope -> egressViews.computeIfAbsent(scope, previous::sidecarScope));
      List<Map.Entry<String, Group>> targets = new ArrayList<>();
      for (Map.Entry<String, Group> e : groups.entrySet()) {
        if (cache.getSnapshot(e.getKey()) == null || affected.test(e.getValue().proxy)) {
          targets.add(e);
        }
      }
      List<ResourceType> types = List.copyOf(generators.keySet());
      types.forEach(t -> interners.get(t).beginPartial());
      List<MeshSnapshot> snapshots = targets.parallelStream()
          .map(e -> generateAll(ctx, e.getValue().proxy, triggerNanos)).toList();
      long generated = System.nanoTime() - start;
      for (int i = 0; i < targets.size(); i++) {
        cache.setSnapshot(targets.get(i).getKey(), snapshots.get(i));
      }
      for (ResourceType t : types) {
        Set<TypeResources> live = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String group : groups.keySet()) {
          MeshSnapshot s = cache.getSnapshot(group);
          if (s != null) {
            live.add(s.type(t));
          }
        }
        interners.get(t).retainOnly(live);
      }
      int resources = types.stream().mapToInt(t -> interners.get(t).size()).sum();
      LOG.debugf("push version=%d partial groups=%d/%d distinct-resources=%d generate=%.1fms total=%.1fms",
          ctx.version(), targets.size(), groups.size(), resources, generated / 1e6, (System.nanoTime() - start) / 1e6);
      return new PushResult(ctx.version(), true, targets.size(), resources, generated);
    }
  }

  private MeshSnapshot generateAll(PushContext ctx, Proxy proxy, long triggerNanos) {
    return new MeshSnapshot(generate(ctx, proxy, List.copyOf(generators.keySet())), ctx.version(), triggerNanos);
  }

  private Map<ResourceType, TypeResources> generate(PushContext ctx, Proxy proxy, List<ResourceType> types) {
    Map<ResourceType, TypeResources> out = new EnumMap<>(ResourceType.class);
    for (ResourceType t : types) {
      List<? extends Message> resources;
      try {
        resources = generators.get(t).generate(ctx, proxy);
      } catch (RuntimeException e) {
        // A translation bug must not take down the push for everyone: this proxy keeps its last config.
        LOG.errorf(e, "xds generation failed proxy=%s type=%s; keeping its previous config", proxy.id(), t);
        MeshSnapshot prev = cache.getSnapshot(proxy.groupKey());
        out.put(t, prev == null ? TypeResources.EMPTY : prev.type(t));
        continue;
      }
      out.put(t, interners.get(t).intern(resources));
    }
    return out;
  }
}

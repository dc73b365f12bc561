package dev.rigging.istiod.xds;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.VersionedResource;
import java.util.ArrayList;
import java.util.Collection;
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
 *
 * <p>Generators return the same immutable list instance to every proxy that shares its inputs
 * (translation is memoized per push), so a generation also remembers its result per list
 * instance: thousands of proxies with a hundred distinct scopes cost a hundred content lookups of
 * a few hundred resources each, not one per proxy and resource.
 */
final class ResourceInterner {
  private volatile String epoch;
  private final AtomicLong counter = new AtomicLong();
  private volatile Map<Message, Interned> current = new ConcurrentHashMap<>();
  private volatile Map<Message, Interned> next = current;
  private volatile Map<List<VersionedResource<?>>, TypeResources> currentSets = new ConcurrentHashMap<>();
  private volatile Map<List<VersionedResource<?>>, TypeResources> nextSets = currentSets;
  private volatile Map<ListIdentity, TypeResources> byList = new ConcurrentHashMap<>();

  /** One distinct resource: its shared versioned instance and its bytes, packed once for every stream. */
  private record Interned(VersionedResource<?> versioned, Any packed) {}

  /** A list compared by identity: the key of a generation's per-instance results. */
  private record ListIdentity(List<?> list) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ListIdentity other && other.list == list;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(list);
    }
  }

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
    byList = new ConcurrentHashMap<>();
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

  /**
   * Starts adding to the current generation, for a push that generates only some groups again
   * (the others keep resources interned earlier); end it with {@link #retainOnly}.
   */
  void beginPartial() {
    next = current;
    nextSets = currentSets;
    byList = new ConcurrentHashMap<>();
  }

  /**
   * Ends a partial push: forgets everything but what {@code live} (the sets every group now holds)
   * uses, so resources replaced by partial pushes do not accumulate.
   */
  void retainOnly(Collection<TypeResources> live) {
    Map<Message, Interned> all = next;
    Map<Message, Interned> kept = new ConcurrentHashMap<>();
    Map<List<VersionedResource<?>>, TypeResources> keptSets = new ConcurrentHashMap<>();
    for (TypeResources t : live) {
      keptSets.putIfAbsent(t.list(), t);
      for (VersionedResource<?> vr : t.list()) {
        Interned i = all.get(vr.resource());
        if (i != null) {
          kept.putIfAbsent(vr.resource(), i);
        }
      }
    }
    current = kept;
    next = kept;
    currentSets = keptSets;
    nextSets = keptSets;
    byList = new ConcurrentHashMap<>();
  }

  /** The shared, versioned set for {@code resources} (in this generation). */
  TypeResources intern(List<? extends Message> resources) {
    List<? extends Message> stable = List.copyOf(resources);
    if (stable != resources) {
      // A mutable list could change after this call: only its contents can be remembered.
      return internContents(stable);
    }
    Map<ListIdentity, TypeResources> seen = byList;
    ListIdentity key = new ListIdentity(stable);
    TypeResources known = seen.get(key);
    if (known != null) {
      return known;
    }
    TypeResources interned = internContents(stable);
    seen.putIfAbsent(key, interned);
    return interned;
  }

  private TypeResources internContents(List<? extends Message> resources) {
    Map<Message, Interned> gen = next;
    List<VersionedResource<?>> list = new ArrayList<>(resources.size());
    for (Message m : resources) {
      list.add(gen.computeIfAbsent(m, this::versioned).versioned());
    }
    return nextSets.computeIfAbsent(list, l -> {
      TypeResources prev = currentSets.get(l);
      return prev != null ? prev : new TypeResources(l, epoch + "-" + counter.incrementAndGet());
    });
  }

  private Interned versioned(Message m) {
    Interned prev = current.get(m);
    return prev != null ? prev
        : new Interned(VersionedResource.create(m, epoch + "-" + counter.incrementAndGet()), pack(m));
  }

  /**
   * The packed form of an interned resource (of this generation or the one before it), or null if
   * it is not interned here.
   */
  Any packed(Message m) {
    Interned i = next.get(m);
    if (i == null) {
      i = current.get(m);
    }
    return i == null ? null : i.packed();
  }

  /**
   * {@link Any#pack} with the type URL held as bytes: an {@code Any} built by {@code pack} keeps its
   * type URL as a {@code String} and encodes it to UTF-8 again each time it is written, once per
   * resource per stream.
   */
  static Any pack(Message m) {
    return Any.newBuilder().setTypeUrlBytes(TYPE_URLS.get(m.getClass())).setValue(m.toByteString()).build();
  }

  private static final ClassValue<ByteString> TYPE_URLS = new ClassValue<>() {
    @Override
    protected ByteString computeValue(Class<?> type) {
      return ByteString.copyFromUtf8(Any.pack(defaultInstance(type)).getTypeUrl());
    }
  };

  private static Message defaultInstance(Class<?> type) {
    try {
      return (Message) type.getMethod("getDefaultInstance").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("not a generated protobuf message: " + type, e);
    }
  }

  /** How many distinct resources the last finished generation held. */
  int size() {
    return current.size();
  }
}

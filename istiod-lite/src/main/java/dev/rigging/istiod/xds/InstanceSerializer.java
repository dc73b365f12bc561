package dev.rigging.istiod.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources.ApiVersion;
import io.envoyproxy.controlplane.server.serializer.ProtoResourcesSerializer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@code InstanceSerializer} sends every stream the bytes a resource was packed into once, when it
 * was interned for a push (see {@link ResourceInterner}), so a push serializes each distinct
 * resource once however many proxies receive it.
 *
 * <p>The packed form is found by a hash lookup on the resource (protobuf messages memoize their
 * hash code); a resource that is not, or no longer, interned (a response racing the end of a push)
 * is packed on the spot, which is always correct. Unlike java-control-plane's cached serializer,
 * nothing here depends on the garbage collector: the packed bytes live exactly as long as the
 * interner's generation that holds the resource.
 *
 * <p>Proxies that share a scope are sent the very same resource instances in the same order, so
 * whole responses repeat: the last packed list is remembered per response shape (first and last
 * instance, size) and reused when every instance matches, which turns a full push's hundreds of
 * thousands of lookups into one per response. {@link #forget} drops them when a push starts.
 */
final class InstanceSerializer implements ProtoResourcesSerializer {
  private static final int MAX_RESPONSES = 4096;

  private final Function<Message, Any> interned;
  private final Map<Shape, Packed> responses = new ConcurrentHashMap<>();

  /** First and last resource instance and count of a response, compared by identity. */
  private record Shape(Message first, Message last, int size) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Shape s && s.first == first && s.last == last && s.size == size;
    }

    @Override
    public int hashCode() {
      return (System.identityHashCode(first) * 31 + System.identityHashCode(last)) * 31 + size;
    }
  }

  /** A response's resources and their packed forms, in order. */
  private record Packed(Message[] resources, List<Any> packed) {}

  /** @param interned the packed form of an interned resource, or null */
  InstanceSerializer(Function<Message, Any> interned) {
    this.interned = Objects.requireNonNull(interned, "interned");
  }

  @Override
  public Any serialize(Message resource, ApiVersion apiVersion) {
    Any packed = interned.apply(resource);
    return packed != null ? packed : ResourceInterner.pack(resource);
  }

  @Override
  public Collection<Any> serialize(Collection<? extends Message> resources, ApiVersion apiVersion) {
    if (resources.size() < 2) {
      return ProtoResourcesSerializer.super.serialize(resources, apiVersion);
    }
    Message[] in = resources.toArray(new Message[0]);
    Shape shape = new Shape(in[0], in[in.length - 1], in.length);
    Packed known = responses.get(shape);
    if (known != null && sameInstances(known.resources(), in)) {
      return known.packed();
    }
    List<Any> out = new ArrayList<>(in.length);
    for (Message m : in) {
      out.add(serialize(m, apiVersion));
    }
    List<Any> packed = List.copyOf(out);
    if (responses.size() >= MAX_RESPONSES) {
      responses.clear();
    }
    responses.put(shape, new Packed(in, packed));
    return packed;
  }

  private static boolean sameInstances(Message[] a, Message[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  /** Forgets remembered responses (their resources may be replaced from now on). */
  void forget() {
    responses.clear();
  }
}

package dev.rigging.istiod.xds;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources.ApiVersion;
import io.envoyproxy.controlplane.server.serializer.ProtoResourcesSerializer;
import java.util.concurrent.ExecutionException;

/**
 * {@code InstanceSerializer} packs each resource instance into an {@link Any} once and reuses the
 * bytes for every stream that is sent the same instance.
 *
 * <p>Keys are weak and compared by identity: an entry lives exactly as long as some snapshot holds
 * the resource, unlike java-control-plane's cached serializer whose weak values die at the next GC
 * while a push is still under way.
 */
final class InstanceSerializer implements ProtoResourcesSerializer {
  private final Cache<Message, Any> cache = CacheBuilder.newBuilder().weakKeys().concurrencyLevel(4).build();

  @Override
  public Any serialize(Message resource, ApiVersion apiVersion) {
    try {
      return cache.get(resource, () -> Any.pack(resource));
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot serialize " + resource.getDescriptorForType().getFullName(), e);
    }
  }
}

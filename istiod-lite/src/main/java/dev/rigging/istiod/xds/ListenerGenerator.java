package dev.rigging.istiod.xds;

import com.google.protobuf.Message;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.networking.ListenerBuilder;
import io.envoyproxy.controlplane.cache.Resources;
import java.util.List;

/**
 * {@code ListenerGenerator} serves listeners (LDS): a thin adapter over {@link ListenerBuilder},
 * which returns them sorted by name and shares instances between proxies with the same inputs.
 */
public final class ListenerGenerator implements XdsGenerator {

  @Override
  public String typeUrl() {
    return Resources.V3.LISTENER_TYPE_URL;
  }

  @Override
  public List<? extends Message> generate(PushContext push, Proxy proxy) {
    return ListenerBuilder.build(push, proxy);
  }
}

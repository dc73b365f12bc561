package dev.rigging.istiod.xds;

import com.google.protobuf.Message;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.networking.EndpointBuilder;
import io.envoyproxy.controlplane.cache.Resources;
import java.util.List;

/**
 * {@code EndpointGenerator} serves endpoint assignments (EDS): a thin adapter over {@link EndpointBuilder},
 * which returns them sorted by name and shares instances between proxies with the same inputs.
 */
public final class EndpointGenerator implements XdsGenerator {

  @Override
  public String typeUrl() {
    return Resources.V3.ENDPOINT_TYPE_URL;
  }

  @Override
  public List<? extends Message> generate(PushContext push, Proxy proxy) {
    return EndpointBuilder.build(push, proxy);
  }
}

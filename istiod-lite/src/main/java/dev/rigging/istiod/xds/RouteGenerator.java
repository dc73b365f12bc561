package dev.rigging.istiod.xds;

import com.google.protobuf.Message;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.networking.RouteBuilder;
import io.envoyproxy.controlplane.cache.Resources;
import java.util.List;

/**
 * {@code RouteGenerator} serves route configurations (RDS): a thin adapter over {@link RouteBuilder},
 * which returns them sorted by name and shares instances between proxies with the same inputs.
 */
public final class RouteGenerator implements XdsGenerator {

  @Override
  public String typeUrl() {
    return Resources.V3.ROUTE_TYPE_URL;
  }

  @Override
  public List<? extends Message> generate(PushContext push, Proxy proxy) {
    return RouteBuilder.build(push, proxy);
  }
}

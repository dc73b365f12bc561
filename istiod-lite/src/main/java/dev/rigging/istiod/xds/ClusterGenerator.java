package dev.rigging.istiod.xds;

import com.google.protobuf.Message;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.networking.ClusterBuilder;
import io.envoyproxy.controlplane.cache.Resources;
import java.util.List;

/**
 * {@code ClusterGenerator} serves clusters (CDS): a thin adapter over {@link ClusterBuilder},
 * which returns them sorted by name and shares instances between proxies with the same inputs.
 */
public final class ClusterGenerator implements XdsGenerator {

  @Override
  public String typeUrl() {
    return Resources.V3.CLUSTER_TYPE_URL;
  }

  @Override
  public List<? extends Message> generate(PushContext push, Proxy proxy) {
    return ClusterBuilder.build(push, proxy);
  }
}

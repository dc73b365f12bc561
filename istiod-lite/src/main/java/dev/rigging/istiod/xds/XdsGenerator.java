package dev.rigging.istiod.xds;

import com.google.protobuf.Message;
import com.google.protobuf.Message;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import java.util.List;

/**
 * {@code XdsGenerator} produces every resource of one xDS type for one proxy. Implementations are
 * pure functions of the push context and the proxy: no I/O, no clock, no transport.
 */
public interface XdsGenerator {

  /** The type URL served, e.g. {@code type.googleapis.com/envoy.config.cluster.v3.Cluster}. */
  String typeUrl();

  /** All resources of this type for {@code proxy}, in a stable order. */
  List<? extends Message> generate(PushContext push, Proxy proxy);
}

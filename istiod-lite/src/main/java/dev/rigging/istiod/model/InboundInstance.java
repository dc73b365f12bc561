package dev.rigging.istiod.model;

import dev.rigging.istiod.registry.Endpoint;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.ServicePort;
import java.util.Objects;

/**
 * {@code InboundInstance} is one service port served by an endpoint at a proxy's own address: the
 * proxy receives that service's traffic on {@link Endpoint#port()}.
 */
public record InboundInstance(MeshService service, ServicePort servicePort, Endpoint endpoint) {
  public InboundInstance {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(servicePort, "servicePort");
    Objects.requireNonNull(endpoint, "endpoint");
  }

  /** The port the workload listens on. */
  public int targetPort() {
    return endpoint.port();
  }
}

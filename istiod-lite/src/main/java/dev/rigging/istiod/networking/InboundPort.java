package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.InboundInstance;
import dev.rigging.istiod.registry.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code InboundPort} is one workload port a proxy receives service traffic on, with the protocol
 * of the service port that targets it (the first service, by host, when several do).
 *
 * @param port the workload (target) port
 * @param protocol the application protocol
 * @param host the service host that decided the protocol, for stats and names
 */
record InboundPort(int port, Protocol protocol, String host) {

  /** The distinct workload ports of {@code instances}, sorted by port. */
  static List<InboundPort> of(List<InboundInstance> instances) {
    Map<Integer, InboundPort> byPort = new TreeMap<>();
    for (InboundInstance i : instances) {
      byPort.putIfAbsent(i.targetPort(),
          new InboundPort(i.targetPort(), i.servicePort().protocol(), i.service().hostname()));
    }
    return List.copyOf(new ArrayList<>(byPort.values()));
  }
}

package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.InboundInstance;
import dev.rigging.istiod.registry.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code InboundPort} is one workload port a proxy receives service traffic on, with the protocol
 * of the service port that targets it (the first service, by host, when several do).
 *
 * @param port the workload (target) port
 * @param protocol the application protocol
 * @param host the service host that decided the protocol, for stats and names
 * @param services the origins of every service targeting the port (e.g. {@code Service shop/reviews}),
 *     which decide the policies attached to those services
 */
record InboundPort(int port, Protocol protocol, String host, Set<String> services) {

  InboundPort {
    services = Set.copyOf(services);
  }

  /** The distinct workload ports of {@code instances}, sorted by port. */
  static List<InboundPort> of(List<InboundInstance> instances) {
    Map<Integer, InboundInstance> first = new TreeMap<>();
    Map<Integer, Set<String>> services = new TreeMap<>();
    for (InboundInstance i : instances) {
      first.putIfAbsent(i.targetPort(), i);
      services.computeIfAbsent(i.targetPort(), p -> new TreeSet<>()).add(i.service().origin());
    }
    List<InboundPort> out = new ArrayList<>();
    first.forEach((port, i) -> out.add(new InboundPort(port, i.servicePort().protocol(), i.service().hostname(),
        services.get(port))));
    return List.copyOf(out);
  }
}

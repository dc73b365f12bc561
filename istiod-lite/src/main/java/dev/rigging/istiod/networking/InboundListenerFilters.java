package dev.rigging.istiod.networking;

import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilterChainMatchPredicate;
import io.envoyproxy.envoy.type.v3.Int32Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code InboundListenerFilters} picks the listener filters of the inbound listener as istiod
 * does: original destination always, and the TLS inspector only where a chain matches on TLS. The
 * inspector waits for the client's first bytes, which must not happen on ports that only take
 * plaintext (server-first protocols would stall), so it is disabled per port by destination port
 * predicates: on the plaintext-only ports when the catch-all chains need it, else everywhere but
 * the ports that need it.
 */
final class InboundListenerFilters {
  private InboundListenerFilters() {}

  /** The listener filters for {@code chains}. */
  static List<ListenerFilter> of(List<FilterChain> chains) {
    // Port 0 stands for chains without destination port: the catch-all ones.
    Map<Integer, Boolean> needsTls = new TreeMap<>();
    for (FilterChain c : chains) {
      int port = c.getFilterChainMatch().hasDestinationPort() ? c.getFilterChainMatch().getDestinationPort().getValue()
          : 0;
      boolean tls = c.getFilterChainMatch().getTransportProtocol().equals(InboundChainMatches.TLS);
      needsTls.merge(port, tls, Boolean::logicalOr);
    }
    List<ListenerFilter> out = new ArrayList<>();
    out.add(Listeners.ORIGINAL_DST);
    if (!needsTls.containsValue(true)) {
      return out;
    }
    boolean catchAll = needsTls.getOrDefault(0, false);
    List<Integer> ports = needsTls.entrySet().stream()
        .filter(e -> e.getKey() != 0 && e.getValue() != catchAll)
        .map(Map.Entry::getKey)
        .toList();
    if (ports.isEmpty()) {
      out.add(Listeners.TLS_INSPECTOR);
      return out;
    }
    ListenerFilterChainMatchPredicate listed = portsPredicate(ports);
    out.add(Listeners.TLS_INSPECTOR.toBuilder()
        .setFilterDisabled(catchAll ? listed
            : ListenerFilterChainMatchPredicate.newBuilder().setNotMatch(listed).build())
        .build());
    return out;
  }

  /** A predicate matching connections to any of {@code ports}. */
  private static ListenerFilterChainMatchPredicate portsPredicate(List<Integer> ports) {
    List<ListenerFilterChainMatchPredicate> rules = ports.stream()
        .map(p -> ListenerFilterChainMatchPredicate.newBuilder()
            .setDestinationPortRange(Int32Range.newBuilder().setStart(p).setEnd(p + 1)).build())
        .toList();
    if (rules.size() == 1) {
      return rules.get(0);
    }
    return ListenerFilterChainMatchPredicate.newBuilder()
        .setOrMatch(ListenerFilterChainMatchPredicate.MatchSet.newBuilder().addAllRules(rules))
        .build();
  }
}

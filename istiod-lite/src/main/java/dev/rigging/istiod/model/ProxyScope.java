package dev.rigging.istiod.model;

import dev.rigging.mesh.config.ConfigKey;
import java.util.List;
import java.util.Objects;

/**
 * {@code ProxyScope} is everything about a proxy that shared translation depends on, apart from its
 * addresses and locality: proxies with equal scopes get the same outbound configuration, and the
 * same protobuf instances from one push.
 *
 * <p>Labels are reduced to what they decide: which Sidecar applies, which workload-selecting
 * DestinationRules select the proxy, which VirtualService {@code sourceLabels} match (one character
 * per selector in the push) and, for gateways, which Gateways select it.
 *
 * @param type sidecar, router or proxyless
 * @param namespace the proxy's config namespace
 * @param dnsDomain e.g. {@code shop.svc.cluster.local}, used for short host names
 * @param sidecar the Sidecar resource in effect, null for none (or for gateways)
 * @param selectedDestinationRules workload-selecting DestinationRules in the namespace that select the proxy
 * @param sourceMatches {@code 1}/{@code 0} per VirtualService source selector of the push
 * @param gateways Gateways selecting a router proxy, as {@code namespace/name}, sorted
 */
public record ProxyScope(
    ProxyType type,
    String namespace,
    String dnsDomain,
    ConfigKey sidecar,
    List<ConfigKey> selectedDestinationRules,
    String sourceMatches,
    List<String> gateways) {

  public ProxyScope {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(dnsDomain, "dnsDomain");
    selectedDestinationRules = List.copyOf(selectedDestinationRules);
    Objects.requireNonNull(sourceMatches, "sourceMatches");
    gateways = List.copyOf(gateways);
  }

  public boolean isProxyless() {
    return type == ProxyType.PROXYLESS;
  }

  public boolean isRouter() {
    return type == ProxyType.ROUTER;
  }
}

package dev.rigging.istiod.networking;

import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.listener.original_dst.v3.OriginalDst;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;

/**
 * {@code Listeners} holds the listener pieces every listener builder uses: listener filters and
 * the plain listener shell ({@code ADDRESS_PORT} name, address, direction).
 */
final class Listeners {
  static final ListenerFilter TLS_INSPECTOR = ListenerFilter.newBuilder()
      .setName("envoy.filters.listener.tls_inspector")
      .setTypedConfig(TypedConfigs.pack(TlsInspector.getDefaultInstance()))
      .build();
  static final ListenerFilter ORIGINAL_DST = ListenerFilter.newBuilder()
      .setName("envoy.filters.listener.original_dst")
      .setTypedConfig(TypedConfigs.pack(OriginalDst.getDefaultInstance()))
      .build();

  private Listeners() {}

  /** A listener named {@code ADDRESS_PORT} on that address. */
  static Listener.Builder named(String address, int port, TrafficDirection direction) {
    return Listener.newBuilder()
        .setName(address + "_" + port)
        .setAddress(Protos.socket(address, port))
        .setTrafficDirection(direction);
  }

  /** Whether a chain needs the TLS inspector (SNI or TLS detection). */
  static boolean inspectsTls(FilterChain chain) {
    return chain.hasFilterChainMatch() && (chain.getFilterChainMatch().getServerNamesCount() > 0
        || !chain.getFilterChainMatch().getTransportProtocol().isEmpty());
  }
}

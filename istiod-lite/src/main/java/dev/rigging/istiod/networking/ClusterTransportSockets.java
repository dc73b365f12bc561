package dev.rigging.istiod.networking;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.rigging.istiod.registry.Endpoint;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;

/**
 * {@code ClusterTransportSockets} puts an upstream TLS context on an Envoy cluster as istiod does:
 * a plain {@code transport_socket} when a DestinationRule chose TLS; for auto-mTLS,
 * {@code transport_socket_matches} that use mTLS only towards endpoints whose metadata says
 * {@code tlsMode: istio} and plaintext towards the rest, since an endpoint without a sidecar
 * cannot terminate Istio mTLS. Original-destination clusters (headless services) cannot match
 * per endpoint and get the socket itself.
 */
final class ClusterTransportSockets {
  static final String TLS = "envoy.transport_sockets.tls";
  static final String RAW_BUFFER = "envoy.transport_sockets.raw_buffer";
  /** The endpoint metadata namespace Envoy matches {@code transport_socket_matches} against. */
  static final String MATCH_METADATA_KEY = "envoy.transport_socket_match";
  static final String TLS_MODE_FIELD = "tlsMode";

  private static final TransportSocket PLAINTEXT = TransportSocket.newBuilder()
      .setName(RAW_BUFFER).setTypedConfig(TypedConfigs.pack(RawBuffer.getDefaultInstance())).build();
  private static final Cluster.TransportSocketMatch ISTIO_MATCH_DISABLED = Cluster.TransportSocketMatch.newBuilder()
      .setName("tlsMode-" + Endpoint.TLS_MODE_DISABLED)
      .setMatch(Struct.getDefaultInstance())
      .setTransportSocket(PLAINTEXT)
      .build();
  private static final Struct ISTIO_MATCH = Struct.newBuilder()
      .putFields(TLS_MODE_FIELD, Value.newBuilder().setStringValue(Endpoint.TLS_MODE_ISTIO).build()).build();

  private ClusterTransportSockets() {}

  /** The TLS transport socket carrying {@code context}. */
  static TransportSocket tls(com.google.protobuf.Message context) {
    return TransportSocket.newBuilder().setName(TLS).setTypedConfig(TypedConfigs.pack(context)).build();
  }

  /** Applies {@code context} to {@code c}; {@code autoDetected} when auto-mTLS chose it. */
  static void apply(Cluster.Builder c, UpstreamTlsContext context, boolean autoDetected) {
    if (context == null) {
      return;
    }
    TransportSocket socket = tls(context);
    if (autoDetected && c.getType() != Cluster.DiscoveryType.ORIGINAL_DST) {
      c.addTransportSocketMatches(Cluster.TransportSocketMatch.newBuilder()
              .setName("tlsMode-" + Endpoint.TLS_MODE_ISTIO)
              .setMatch(ISTIO_MATCH)
              .setTransportSocket(socket))
          .addTransportSocketMatches(ISTIO_MATCH_DISABLED);
      return;
    }
    c.setTransportSocket(socket);
  }
}

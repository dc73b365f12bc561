package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.PushContext;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import java.util.Optional;

/**
 * {@code ServerTransportSockets} chooses the transport socket of a proxyless gRPC server's filter
 * chain. grpc-java cannot choose a chain by TLS versus plaintext, so each server listener has
 * exactly one chain and this decides its security: STRICT mTLS will return a socket named
 * {@code envoy.transport_sockets.tls} with a DownstreamTlsContext requiring client certificates;
 * today every chain is plaintext (PeerAuthentication is not translated yet).
 */
final class ServerTransportSockets {
  private ServerTransportSockets() {}

  /** The socket for the server chain of {@code port}, empty for plaintext. */
  static Optional<TransportSocket> forGrpcServer(PushContext push, ProxyScope scope, InboundPort port) {
    return Optional.empty();
  }
}

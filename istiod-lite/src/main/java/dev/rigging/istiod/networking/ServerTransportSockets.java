package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.MergedPeerAuthentication;
import dev.rigging.istiod.model.MtlsMode;
import dev.rigging.istiod.registry.Endpoint;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ServerTransportSockets} decides the security of a proxyless gRPC server's filter chain.
 * grpc-java cannot choose a chain by TLS versus plaintext, so each server listener has exactly one
 * chain: mutual TLS for STRICT ports, plaintext for DISABLE and PERMISSIVE ones. As Istio's gRPC
 * generator does, a PERMISSIVE port of a workload labelled {@code security.istio.io/tlsMode: istio}
 * serves mutual TLS: auto-mTLS clients will connect to it with mTLS, and plaintext would fail them.
 */
final class ServerTransportSockets {
  private static final TransportSocket MTLS = ClusterTransportSockets.tls(GrpcTlsContexts.SERVER);

  private ServerTransportSockets() {}

  /**
   * Whether a server with {@code labels} and PeerAuthentication {@code policy} serves mTLS on
   * workload port {@code port}.
   */
  static boolean grpcServerMtls(MergedPeerAuthentication policy, Map<String, String> labels, int port) {
    MtlsMode mode = policy.modeFor(port);
    boolean autoMtlsTarget = Endpoint.TLS_MODE_ISTIO.equals(labels.get(Endpoint.TLS_MODE_LABEL));
    return mode == MtlsMode.STRICT || (mode == MtlsMode.PERMISSIVE && autoMtlsTarget);
  }

  /** The socket of a server chain: mTLS (named {@code envoy.transport_sockets.tls}, as grpc requires) or none. */
  static Optional<TransportSocket> forGrpcServer(boolean mtls) {
    return mtls ? Optional.of(MTLS) : Optional.empty();
  }
}

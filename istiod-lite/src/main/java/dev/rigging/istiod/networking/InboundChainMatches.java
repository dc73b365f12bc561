package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.MtlsMode;
import java.util.List;

/**
 * {@code InboundChainMatches} lists the filter chains a sidecar needs for one inbound port, as
 * istiod's filter chain options do for a declared HTTP or TCP port (protocol sniffing is not
 * translated, so passthrough traffic counts as TCP):
 *
 * <ul>
 *   <li>STRICT: one chain for TLS, terminating mutual TLS;
 *   <li>PERMISSIVE: mutual TLS for TLS carrying an Istio ALPN, plaintext for raw traffic, and for
 *       TCP also one-way TLS from clients outside the mesh passed through untouched;
 *   <li>DISABLE: plaintext only.
 * </ul>
 *
 * Telling TLS from plaintext needs the TLS inspector on the port; it sets the transport protocol
 * to {@code tls} or leaves {@code raw_buffer}.
 */
final class InboundChainMatches {
  static final String TLS = "tls";
  static final String RAW_BUFFER = "raw_buffer";
  /**
   * Every ALPN an Istio client offers over mutual TLS: TCP, metadata exchange, and HTTP as its
   * ALPN filter marks it.
   */
  static final List<String> ISTIO_MTLS_ALPNS =
      List.of("istio", "istio-peer-exchange", "istio-http/1.0", "istio-http/1.1", "istio-h2");

  /**
   * One chain to build.
   *
   * @param applicationProtocols ALPNs to match (any when empty)
   * @param transportProtocol {@code tls} or {@code raw_buffer}
   * @param terminateTls whether the chain terminates mutual TLS
   */
  record Option(List<String> applicationProtocols, String transportProtocol, boolean terminateTls) {}

  private static final Option MTLS_ISTIO_ALPN = new Option(ISTIO_MTLS_ALPNS, TLS, true);
  private static final Option MTLS = new Option(List.of(), TLS, true);
  private static final Option PLAINTEXT = new Option(List.of(), RAW_BUFFER, false);
  private static final Option TLS_PASSTHROUGH = new Option(List.of(), TLS, false);

  private InboundChainMatches() {}

  /** The chains of a port in {@code mode}; {@code http} for HTTP ports, else TCP. */
  static List<Option> forPort(MtlsMode mode, boolean http) {
    return switch (mode) {
      case STRICT -> List.of(MTLS);
      case PERMISSIVE -> http ? List.of(MTLS_ISTIO_ALPN, PLAINTEXT)
          : List.of(MTLS_ISTIO_ALPN, PLAINTEXT, TLS_PASSTHROUGH);
      case DISABLE, UNKNOWN -> List.of(PLAINTEXT);
    };
  }
}

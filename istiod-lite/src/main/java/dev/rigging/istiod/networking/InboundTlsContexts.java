package dev.rigging.istiod.networking;

import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;

/**
 * {@code InboundTlsContexts} makes the DownstreamTlsContext a sidecar terminates Istio mutual TLS
 * with on its inbound chains, as istiod does: the workload certificate {@code default} and the
 * trust bundle {@code ROOTCA} from pilot-agent's SDS, client certificates required and accepted
 * from any workload of the mesh's trust domain (a {@code spiffe://TRUST_DOMAIN/} prefix; which
 * workload may call is authorization's business), TLS 1.2 to 1.3 with Istio's strong ciphers.
 * HTTP chains advertise {@code h2} and {@code http/1.1}; TCP chains also
 * {@code istio-peer-exchange}, the metadata-exchange protocol Istio clients offer for TCP.
 */
final class InboundTlsContexts {
  /** Istio's server ciphers for sidecars. */
  static final List<String> CIPHERS = List.of(
      "ECDHE-ECDSA-AES256-GCM-SHA384",
      "ECDHE-RSA-AES256-GCM-SHA384",
      "ECDHE-ECDSA-AES128-GCM-SHA256",
      "ECDHE-RSA-AES128-GCM-SHA256",
      "AES256-GCM-SHA384",
      "AES128-GCM-SHA256");
  static final List<String> ALPN_HTTP = List.of("h2", "http/1.1");
  static final List<String> ALPN_TCP = List.of("istio-peer-exchange", "h2", "http/1.1");

  private InboundTlsContexts() {}

  /** The context for an HTTP ({@code http}) or TCP chain in a mesh with {@code trustDomain}. */
  static DownstreamTlsContext mutual(boolean http, String trustDomain) {
    CertificateValidationContext.Builder peers = CertificateValidationContext.newBuilder();
    if (!trustDomain.isEmpty()) {
      peers.addMatchSubjectAltNames(StringMatcher.newBuilder().setPrefix("spiffe://" + trustDomain + "/"));
    }
    CommonTlsContext common = CommonTlsContext.newBuilder()
        .setTlsParams(TlsParameters.newBuilder()
            .setTlsMinimumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_2)
            .setTlsMaximumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_3)
            .addAllCipherSuites(CIPHERS))
        .addAllAlpnProtocols(http ? ALPN_HTTP : ALPN_TCP)
        .addTlsCertificateSdsSecretConfigs(SdsSecrets.DEFAULT)
        .setCombinedValidationContext(CommonTlsContext.CombinedCertificateValidationContext.newBuilder()
            .setDefaultValidationContext(peers)
            .setValidationContextSdsSecretConfig(SdsSecrets.ROOTCA))
        .build();
    return DownstreamTlsContext.newBuilder()
        .setCommonTlsContext(common)
        .setRequireClientCertificate(Protos.bool(true))
        .build();
  }
}

package dev.rigging.istiod.networking;

import dev.rigging.mesh.api.networking.Gateway;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;

/**
 * {@code GatewayTlsContexts} makes the downstream TLS context of a gateway server the way Istio
 * names and fetches its secrets ({@link SdsSecrets}): {@code kubernetes://CREDENTIAL} for
 * {@code credentialName} (and {@code kubernetes://CREDENTIAL-cacert} for MUTUAL client validation)
 * from istiod over ADS; {@code file-cert:CERT~KEY} and {@code file-root:CA} for mounted files, and
 * {@code default} and {@code ROOTCA} for ISTIO_MUTUAL, from pilot-agent on {@code sds-grpc}.
 */
final class GatewayTlsContexts {
  static final String TLS_SOCKET = "envoy.transport_sockets.tls";

  private GatewayTlsContexts() {}

  /** The transport socket terminating TLS for {@code tls}; HTTP servers advertise h2 and http/1.1. */
  static TransportSocket socket(Gateway.ServerTLSSettings tls, boolean http) {
    return TransportSocket.newBuilder().setName(TLS_SOCKET)
        .setTypedConfig(TypedConfigs.pack(downstream(tls, http))).build();
  }

  static DownstreamTlsContext downstream(Gateway.ServerTLSSettings tls, boolean http) {
    Gateway.ServerTLSMode mode = tls.mode() == null ? Gateway.ServerTLSMode.SIMPLE : tls.mode();
    CommonTlsContext.Builder common = CommonTlsContext.newBuilder();
    if (http) {
      common.addAlpnProtocols("h2").addAlpnProtocols("http/1.1");
    }
    SdsSecretConfig validation = null;
    if (mode == Gateway.ServerTLSMode.ISTIO_MUTUAL) {
      common.addTlsCertificateSdsSecretConfigs(SdsSecrets.DEFAULT);
      validation = SdsSecrets.ROOTCA;
    } else if (tls.credentialName() != null && !tls.credentialName().isEmpty()) {
      common.addTlsCertificateSdsSecretConfigs(SdsSecrets.credential(tls.credentialName()));
      validation = SdsSecrets.credential(tls.caCertCredentialName() != null && !tls.caCertCredentialName().isEmpty()
          ? tls.caCertCredentialName() : tls.credentialName() + SdsSecrets.CA_SUFFIX);
    } else if (!tls.credentialNames().isEmpty()) {
      tls.credentialNames().forEach(c -> common.addTlsCertificateSdsSecretConfigs(SdsSecrets.credential(c)));
      validation = SdsSecrets.credential(tls.credentialNames().get(0) + SdsSecrets.CA_SUFFIX);
    } else if (tls.serverCertificate() != null) {
      common.addTlsCertificateSdsSecretConfigs(
          SdsSecrets.file("file-cert:" + tls.serverCertificate() + "~" + tls.privateKey()));
      validation = tls.caCertificates() == null ? null : SdsSecrets.file("file-root:" + tls.caCertificates());
    }
    boolean mutual = mode == Gateway.ServerTLSMode.MUTUAL || mode == Gateway.ServerTLSMode.ISTIO_MUTUAL
        || mode == Gateway.ServerTLSMode.OPTIONAL_MUTUAL;
    if (mutual && validation != null) {
      CertificateValidationContext.Builder defaults = CertificateValidationContext.newBuilder();
      tls.subjectAltNames().forEach(san -> defaults.addMatchSubjectAltNames(
          StringMatcher.newBuilder().setExact(san)));
      common.setCombinedValidationContext(CommonTlsContext.CombinedCertificateValidationContext.newBuilder()
          .setDefaultValidationContext(defaults)
          .setValidationContextSdsSecretConfig(validation));
    }
    if (tls.minProtocolVersion() != null || tls.maxProtocolVersion() != null || !tls.cipherSuites().isEmpty()) {
      TlsParameters.Builder params = TlsParameters.newBuilder().addAllCipherSuites(tls.cipherSuites());
      if (tls.minProtocolVersion() != null) {
        params.setTlsMinimumProtocolVersion(version(tls.minProtocolVersion()));
      }
      if (tls.maxProtocolVersion() != null) {
        params.setTlsMaximumProtocolVersion(version(tls.maxProtocolVersion()));
      }
      common.setTlsParams(params);
    }
    return DownstreamTlsContext.newBuilder()
        .setCommonTlsContext(common)
        .setRequireClientCertificate(Protos.bool(mode == Gateway.ServerTLSMode.MUTUAL
            || mode == Gateway.ServerTLSMode.ISTIO_MUTUAL))
        .build();
  }

  private static TlsParameters.TlsProtocol version(Gateway.TLSProtocol p) {
    return switch (p) {
      case TLS_AUTO -> TlsParameters.TlsProtocol.TLS_AUTO;
      case TLSV1_0 -> TlsParameters.TlsProtocol.TLSv1_0;
      case TLSV1_1 -> TlsParameters.TlsProtocol.TLSv1_1;
      case TLSV1_2 -> TlsParameters.TlsProtocol.TLSv1_2;
      case TLSV1_3 -> TlsParameters.TlsProtocol.TLSv1_3;
    };
  }
}

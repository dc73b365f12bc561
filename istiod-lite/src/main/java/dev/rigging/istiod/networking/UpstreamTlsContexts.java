package dev.rigging.istiod.networking;

import dev.rigging.mesh.api.networking.DestinationRule.ClientTLSSettings;
import dev.rigging.mesh.api.networking.DestinationRule.TLSMode;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.UpstreamHttpProtocolOptions;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;

/**
 * {@code UpstreamTlsContexts} makes the UpstreamTlsContext of an Envoy cluster the way istiod does:
 *
 * <ul>
 *   <li>{@code ISTIO_MUTUAL}: the workload certificate {@code default} and the trust bundle
 *       {@code ROOTCA} from pilot-agent's SDS, the destination's identities as exact subject alt
 *       names, SNI {@code outbound_.PORT_.SUBSET_.HOST}, and the in-mesh ALPN
 *       ({@code istio-peer-exchange}, {@code istio}, plus {@code h2} for HTTP/2 clusters) that
 *       server sidecars match their mTLS filter chains on;
 *   <li>{@code SIMPLE} and {@code MUTUAL}: a {@code credentialName} secret and its
 *       {@code -cacert} from istiod's SDS, or files served by pilot-agent
 *       ({@code file-cert:CERT~KEY}, {@code file-root:CA}, {@code system} CAs by default); the
 *       rule's SNI or Envoy's auto SNI, the rule's subject alt names (a ServiceEntry's identities
 *       when it names none) or auto SAN validation; {@code h2} ALPN for HTTP/2 clusters.
 * </ul>
 */
final class UpstreamTlsContexts {
  static final List<String> ALPN_IN_MESH = List.of("istio-peer-exchange", "istio");
  static final List<String> ALPN_IN_MESH_H2 = List.of("istio-peer-exchange", "istio", "h2");
  private static final TlsParameters CLIENT_TLS_PARAMS = TlsParameters.newBuilder()
      // Envoy's client default maximum is TLS 1.2.
      .setTlsMinimumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_2)
      .setTlsMaximumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_3)
      .build();

  /**
   * A built context with the upstream HTTP options it needs.
   *
   * @param upstreamHttp Envoy's auto SNI and auto SAN validation for TLS origination, or null
   */
  record Built(UpstreamTlsContext context, UpstreamHttpProtocolOptions upstreamHttp) {}

  private UpstreamTlsContexts() {}

  /**
   * The context for {@code tls} (null for plaintext, or when the settings cannot be used).
   *
   * @param http2 the cluster speaks HTTP/2 upstream
   * @param serviceAccounts the destination's identities
   * @param serviceEntry the destination is a ServiceEntry (its identities stand in for missing SANs)
   */
  static Built build(UpstreamTls tls, boolean http2, List<String> serviceAccounts, boolean serviceEntry) {
    if (tls.settings() == null) {
      return null;
    }
    ClientTLSSettings s = tls.settings();
    return switch (s.mode()) {
      case ISTIO_MUTUAL -> new Built(istioMutual(s, http2), null);
      case SIMPLE, MUTUAL -> origination(s, http2, serviceAccounts, serviceEntry);
      case DISABLE -> null;
    };
  }

  private static UpstreamTlsContext istioMutual(ClientTLSSettings s, boolean http2) {
    CommonTlsContext common = CommonTlsContext.newBuilder()
        .setTlsParams(CLIENT_TLS_PARAMS)
        .addTlsCertificateSdsSecretConfigs(SdsSecrets.DEFAULT)
        .setCombinedValidationContext(CommonTlsContext.CombinedCertificateValidationContext.newBuilder()
            .setDefaultValidationContext(exactSans(s.subjectAltNames()))
            .setValidationContextSdsSecretConfig(SdsSecrets.ROOTCA))
        .addAllAlpnProtocols(http2 ? ALPN_IN_MESH_H2 : ALPN_IN_MESH)
        .build();
    UpstreamTlsContext.Builder b = UpstreamTlsContext.newBuilder().setCommonTlsContext(common);
    if (s.sni() != null && !s.sni().isEmpty()) {
      b.setSni(s.sni());
    }
    return b.build();
  }

  private static Built origination(ClientTLSSettings s, boolean http2, List<String> serviceAccounts,
      boolean serviceEntry) {
    boolean mutual = s.mode() == TLSMode.MUTUAL;
    boolean skipVerify = Boolean.TRUE.equals(s.insecureSkipVerify());
    boolean autoSni = s.sni() == null || s.sni().isEmpty();
    // Istio decides auto SAN validation on the rule's own SANs, before a ServiceEntry's fill in.
    boolean autoSan = autoSni && s.subjectAltNames().isEmpty() && !skipVerify;
    List<String> sans = serviceEntry && s.subjectAltNames().isEmpty() ? serviceAccounts : s.subjectAltNames();
    CommonTlsContext.Builder common = CommonTlsContext.newBuilder().setTlsParams(CLIENT_TLS_PARAMS);
    if (s.credentialName() != null && !s.credentialName().isEmpty()) {
      common.addTlsCertificateSdsSecretConfigs(SdsSecrets.credential(s.credentialName()));
      if (!skipVerify) {
        common.setCombinedValidationContext(CommonTlsContext.CombinedCertificateValidationContext.newBuilder()
            .setDefaultValidationContext(exactSans(sans))
            .setValidationContextSdsSecretConfig(SdsSecrets.credential(s.credentialName() + SdsSecrets.CA_SUFFIX)));
      }
    } else {
      if (mutual) {
        if (isEmpty(s.clientCertificate()) || isEmpty(s.privateKey())) {
          // istiod refuses MUTUAL without a client certificate and sends no TLS context.
          return null;
        }
        common.addTlsCertificateSdsSecretConfigs(
            SdsSecrets.file("file-cert:" + s.clientCertificate() + "~" + s.privateKey()));
      }
      if (skipVerify) {
        common.setValidationContext(CertificateValidationContext.getDefaultInstance());
      } else {
        CertificateValidationContext.Builder v = exactSans(sans).toBuilder();
        if (!isEmpty(s.caCrl())) {
          v.setCrl(DataSource.newBuilder().setFilename(s.caCrl()));
        }
        String ca = isEmpty(s.caCertificates()) ? "system" : s.caCertificates();
        common.setCombinedValidationContext(CommonTlsContext.CombinedCertificateValidationContext.newBuilder()
            .setDefaultValidationContext(v)
            .setValidationContextSdsSecretConfig(SdsSecrets.file("file-root:" + ca)));
      }
    }
    if (http2) {
      common.addAlpnProtocols("h2");
    }
    UpstreamTlsContext.Builder b = UpstreamTlsContext.newBuilder().setCommonTlsContext(common);
    if (!autoSni) {
      b.setSni(s.sni());
    }
    UpstreamHttpProtocolOptions upstream = autoSni || autoSan
        ? UpstreamHttpProtocolOptions.newBuilder().setAutoSni(autoSni).setAutoSanValidation(autoSan).build() : null;
    return new Built(b.build(), upstream);
  }

  private static CertificateValidationContext exactSans(List<String> sans) {
    CertificateValidationContext.Builder v = CertificateValidationContext.newBuilder();
    sans.forEach(san -> v.addMatchSubjectAltNames(StringMatcher.newBuilder().setExact(san)));
    return v.build();
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}

package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.MtlsMode;
import dev.rigging.mesh.api.networking.DestinationRule.ClientTLSSettings;
import dev.rigging.mesh.api.networking.DestinationRule.TLSMode;
import java.util.List;

/**
 * {@code UpstreamTls} is the TLS a client uses towards one cluster, decided the way istiod's
 * cluster builder does it (its {@code buildUpstreamTLSSettings}).
 *
 * <p>For Envoy: a DestinationRule's {@code DISABLE} means plaintext, {@code SIMPLE} and
 * {@code MUTUAL} are used as written, {@code ISTIO_MUTUAL} gets the cluster's SNI and the
 * destination's service accounts unless the rule names its own. Without rule TLS, auto-mTLS
 * (when the mesh enables it) picks {@code ISTIO_MUTUAL} for in-mesh services whose best-effort
 * mode is not DISABLE or UNKNOWN, {@link #autoDetected() marked} so that only endpoints labelled
 * for mTLS get it. A sidecar does not originate TLS with a {@code credentialName} secret from a
 * rule without workload selector: every sidecar in scope would need access to that secret.
 *
 * <p>For proxyless gRPC, as Istio's gRPC generator: only {@code ISTIO_MUTUAL} from a rule, no
 * auto-mTLS (grpc cannot fall back to plaintext per endpoint, and a client only honours TLS when
 * it uses xDS credentials), no TLS origination with files or credentials (grpc has certificate
 * providers, not SDS).
 *
 * @param settings what to apply, SNI and subject alt names filled in for {@code ISTIO_MUTUAL};
 *     null for plaintext
 * @param autoDetected chosen by auto-mTLS rather than written in a DestinationRule
 */
record UpstreamTls(ClientTLSSettings settings, boolean autoDetected) {
  static final UpstreamTls PLAINTEXT = new UpstreamTls(null, false);

  /** The decision's mode, null for plaintext. */
  TLSMode mode() {
    return settings == null ? null : settings.mode();
  }

  /**
   * The TLS of an Envoy (sidecar or gateway) cluster.
   *
   * @param tls the merged DestinationRule TLS for the cluster, or null
   * @param serviceAccounts the destination's identities
   * @param sni Istio's SNI for the cluster ({@code outbound_.PORT_.SUBSET_.HOST})
   * @param autoMtls the mesh's {@code enableAutoMtls}
   * @param meshExternal the destination is outside the mesh
   * @param serviceMode the destination's best-effort mode
   * @param credentialAllowed a {@code credentialName} may be used (a gateway, or a rule selecting the workload)
   */
  static UpstreamTls forEnvoy(ClientTLSSettings tls, List<String> serviceAccounts, String sni, boolean autoMtls,
      boolean meshExternal, MtlsMode serviceMode, boolean credentialAllowed) {
    if (tls != null) {
      TLSMode mode = tls.mode() == null ? TLSMode.DISABLE : tls.mode();
      return switch (mode) {
        case DISABLE -> PLAINTEXT;
        case SIMPLE, MUTUAL -> SdsSecrets.isPrivileged(tls.credentialName()) && !credentialAllowed
            ? PLAINTEXT : new UpstreamTls(tls, false);
        case ISTIO_MUTUAL -> new UpstreamTls(istioMutual(
            tls.subjectAltNames().isEmpty() ? serviceAccounts : tls.subjectAltNames(),
            tls.sni() == null || tls.sni().isEmpty() ? sni : tls.sni()), false);
      };
    }
    if (meshExternal || !autoMtls || serviceMode == MtlsMode.UNKNOWN || serviceMode == MtlsMode.DISABLE) {
      return PLAINTEXT;
    }
    return new UpstreamTls(istioMutual(serviceAccounts, sni), true);
  }

  /**
   * The TLS of a proxyless gRPC cluster: {@code ISTIO_MUTUAL} from the rule, checking the rule's
   * subject alt names or else the destination's service accounts; plaintext otherwise.
   */
  static UpstreamTls forGrpc(ClientTLSSettings tls, List<String> serviceAccounts) {
    if (tls == null || tls.mode() != TLSMode.ISTIO_MUTUAL) {
      return PLAINTEXT;
    }
    return new UpstreamTls(istioMutual(tls.subjectAltNames().isEmpty() ? serviceAccounts : tls.subjectAltNames(),
        null), false);
  }

  private static ClientTLSSettings istioMutual(List<String> subjectAltNames, String sni) {
    return new ClientTLSSettings(TLSMode.ISTIO_MUTUAL, null, null, null, null, subjectAltNames, sni, null, null);
  }
}

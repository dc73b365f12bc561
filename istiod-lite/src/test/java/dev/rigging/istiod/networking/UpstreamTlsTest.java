package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.model.MtlsMode;
import dev.rigging.mesh.api.networking.DestinationRule.ClientTLSSettings;
import dev.rigging.mesh.api.networking.DestinationRule.TLSMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code UpstreamTlsTest} covers the client TLS decision of istiod's cluster builder: rule TLS
 * first, then auto-mTLS from the destination's best-effort mode and the mesh setting.
 */
class UpstreamTlsTest {
  private static final List<String> SAS = List.of("spiffe://cluster.local/ns/shop/sa/reviews");
  private static final String SNI = "outbound_.9080_._.reviews.shop.svc.cluster.local";

  private static ClientTLSSettings tls(TLSMode mode, String credentialName, List<String> sans, String sni) {
    return new ClientTLSSettings(mode, null, null, null, credentialName, sans, sni, null, null);
  }

  @Test
  void autoMtlsNeedsTheMeshSettingAnInMeshDestinationAndAMode() {
    UpstreamTls auto = UpstreamTls.forEnvoy(null, SAS, SNI, true, false, MtlsMode.PERMISSIVE, false);
    assertThat(auto.autoDetected()).isTrue();
    assertThat(auto.mode()).isEqualTo(TLSMode.ISTIO_MUTUAL);
    assertThat(auto.settings().subjectAltNames()).isEqualTo(SAS);
    assertThat(auto.settings().sni()).isEqualTo(SNI);
    assertThat(UpstreamTls.forEnvoy(null, SAS, SNI, true, false, MtlsMode.STRICT, false).autoDetected()).isTrue();
    assertThat(UpstreamTls.forEnvoy(null, SAS, SNI, false, false, MtlsMode.STRICT, false))
        .isEqualTo(UpstreamTls.PLAINTEXT);
    assertThat(UpstreamTls.forEnvoy(null, SAS, SNI, true, true, MtlsMode.PERMISSIVE, false))
        .isEqualTo(UpstreamTls.PLAINTEXT);
    assertThat(UpstreamTls.forEnvoy(null, SAS, SNI, true, false, MtlsMode.DISABLE, false))
        .isEqualTo(UpstreamTls.PLAINTEXT);
    assertThat(UpstreamTls.forEnvoy(null, SAS, SNI, true, false, MtlsMode.UNKNOWN, false))
        .isEqualTo(UpstreamTls.PLAINTEXT);
  }

  @Test
  void ruleTlsWinsOverAutoMtlsAndFillsSniAndSans() {
    UpstreamTls istio = UpstreamTls.forEnvoy(tls(TLSMode.ISTIO_MUTUAL, null, List.of(), null), SAS, SNI, false, true,
        MtlsMode.UNKNOWN, false);
    assertThat(istio.autoDetected()).isFalse();
    assertThat(istio.settings().subjectAltNames()).isEqualTo(SAS);
    assertThat(istio.settings().sni()).isEqualTo(SNI);
    UpstreamTls own = UpstreamTls.forEnvoy(tls(TLSMode.ISTIO_MUTUAL, null, List.of("spiffe://x/ns/a/sa/b"), "via.gw"),
        SAS, SNI, true, false, MtlsMode.PERMISSIVE, false);
    assertThat(own.settings().subjectAltNames()).containsExactly("spiffe://x/ns/a/sa/b");
    assertThat(own.settings().sni()).isEqualTo("via.gw");
    assertThat(UpstreamTls.forEnvoy(tls(TLSMode.DISABLE, null, List.of(), null), SAS, SNI, true, false,
        MtlsMode.STRICT, false)).isEqualTo(UpstreamTls.PLAINTEXT);
    assertThat(UpstreamTls.forEnvoy(tls(null, null, List.of(), null), SAS, SNI, true, false,
        MtlsMode.STRICT, false)).as("a tls block without mode is DISABLE").isEqualTo(UpstreamTls.PLAINTEXT);
  }

  @Test
  void credentialsNeedAGatewayOrASelectingRuleConfigMapsDoNot() {
    ClientTLSSettings secret = tls(TLSMode.SIMPLE, "payments-ca", List.of(), null);
    assertThat(UpstreamTls.forEnvoy(secret, SAS, SNI, true, true, MtlsMode.UNKNOWN, false))
        .isEqualTo(UpstreamTls.PLAINTEXT);
    assertThat(UpstreamTls.forEnvoy(secret, SAS, SNI, true, true, MtlsMode.UNKNOWN, true).settings())
        .isEqualTo(secret);
    ClientTLSSettings configMap = tls(TLSMode.SIMPLE, "configmap://payments-ca", List.of(), null);
    assertThat(UpstreamTls.forEnvoy(configMap, SAS, SNI, true, true, MtlsMode.UNKNOWN, false).settings())
        .isEqualTo(configMap);
  }

  @Test
  void proxylessClientsOnlyFollowIstioMutualRules() {
    assertThat(UpstreamTls.forGrpc(null, SAS)).isEqualTo(UpstreamTls.PLAINTEXT);
    assertThat(UpstreamTls.forGrpc(tls(TLSMode.SIMPLE, "ca", List.of(), null), SAS)).isEqualTo(UpstreamTls.PLAINTEXT);
    UpstreamTls grpc = UpstreamTls.forGrpc(tls(TLSMode.ISTIO_MUTUAL, null, List.of(), "ignored"), SAS);
    assertThat(grpc.settings().subjectAltNames()).isEqualTo(SAS);
    assertThat(grpc.settings().sni()).isNull();
  }
}

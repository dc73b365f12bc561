package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.model.MeshSettings;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayListenerBuilderTest {
  private static final String CONFIG = """
      apiVersion: networking.istio.io/v1
      kind: Gateway
      metadata: {name: first, namespace: gw, creationTimestamp: "2024-01-01T00:00:00Z"}
      spec:
        selector: {app: gw}
        servers:
        - port: {number: 443, name: https, protocol: HTTPS}
          hosts: [a.example.com]
          tls: {mode: SIMPLE, credentialName: first-cert}
        - port: {number: 5432, name: tcp, protocol: TCP}
          hosts: ["*"]
      ---
      apiVersion: networking.istio.io/v1
      kind: Gateway
      metadata: {name: second, namespace: gw, creationTimestamp: "2024-02-01T00:00:00Z"}
      spec:
        selector: {app: gw}
        servers:
        - port: {number: 443, name: https, protocol: HTTPS}
          hosts: [a.example.com, b.example.com]
          tls: {mode: SIMPLE, credentialName: second-cert}
        - port: {number: 443, name: https-c, protocol: HTTPS}
          hosts: [c.example.com]
          tls: {mode: SIMPLE, credentialName: c-cert}
        - port: {number: 80, name: http, protocol: HTTP}
          hosts: ["*"]
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: db, namespace: data}
      spec:
        hosts: [db.data.svc.cluster.local]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 5432, name: tcp, protocol: TCP}]
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: db, namespace: data}
      spec:
        hosts: ["*"]
        gateways: [gw/first]
        tcp:
        - match: [{port: 5432}]
          route: [{destination: {host: db}}]
      """;

  private final PushContext push = TestMesh.push(CONFIG);
  private final Proxy gateway = TestMesh.router("gw", "10.0.0.9", Map.of("app", "gw"));

  private Listener listener(String name) {
    return ListenerBuilder.build(push, gateway).stream().filter(l -> l.getName().equals(name)).findFirst()
        .orElseThrow();
  }

  @Test
  void gatewaysOfOtherNamespacesSelectAGatewayProxyOnlyWhenScopingIsOff() {
    String rogue = CONFIG + """
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: rogue, namespace: shop}
        spec:
          selector: {app: gw}
          servers:
          - port: {number: 9443, name: https, protocol: HTTPS}
            hosts: [rogue.example.com]
            tls: {mode: SIMPLE, credentialName: rogue-cert}
        """;
    MeshSettings d = MeshSettings.DEFAULT;
    PushContext scoped = TestMesh.push(rogue, d, Map.of());
    assertThat(ListenerBuilder.build(scoped, gateway)).extracting(Listener::getName)
        .containsExactly("0.0.0.0_443", "0.0.0.0_5432", "0.0.0.0_80");
    PushContext open = TestMesh.push(rogue, new MeshSettings(d.rootNamespace(), d.domainSuffix(), d.trustDomain(),
        d.allowAnyOutbound(), d.connectTimeoutMillis(), d.enableAutoMtls(), false), Map.of());
    assertThat(ListenerBuilder.build(open, gateway)).extracting(Listener::getName).contains("0.0.0.0_9443");
  }

  @Test
  void serversClaimingTheSameSniKeepTheOlderGateway() {
    Listener https = listener("0.0.0.0_443");
    assertThat(https.getFilterChainsList())
        .extracting(c -> String.join(",", c.getFilterChainMatch().getServerNamesList()))
        .as("second's a+b chain overlaps first's a: dropped; c is distinct")
        .containsExactly("a.example.com", "c.example.com");
    assertThat(https.getListenerFiltersList()).extracting(f -> f.getName())
        .containsExactly("envoy.filters.listener.tls_inspector");
  }

  @Test
  void tcpServersProxyToTheBoundTcpRoute() throws Exception {
    Listener tcp = listener("0.0.0.0_5432");
    assertThat(tcp.getFilterChainsCount()).isEqualTo(1);
    TcpProxy proxy = tcp.getFilterChains(0).getFilters(0).getTypedConfig().unpack(TcpProxy.class);
    assertThat(proxy.getCluster()).isEqualTo("outbound|5432||db.data.svc.cluster.local");
  }

  @Test
  void routeNamesFollowIstio() {
    assertThat(RouteBuilder.build(push, gateway)).extracting(rc -> rc.getName()).containsExactly(
        "http.80", "https.443.https-c.second.gw", "https.443.https.first.gw", "https.443.https.second.gw");
    assertThat(RouteBuilder.build(push, gateway).get(0).getVirtualHosts(0).getName())
        .as("no VirtualService bound: Istio's 404 virtual host").isEqualTo("blackhole:80");
  }

  @Test
  void istioMutualAndFileSecretsComeFromTheAgentCredentialsFromIstiod() {
    var istioMutual = new dev.rigging.mesh.api.networking.Gateway.ServerTLSSettings(null,
        dev.rigging.mesh.api.networking.Gateway.ServerTLSMode.ISTIO_MUTUAL, null, null, null, null, null, null, null,
        null, java.util.List.of("spiffe://cluster.local/ns/shop/sa/web"), null, null, null, null, null);
    var ctx = GatewayTlsContexts.downstream(istioMutual, true).getCommonTlsContext();
    assertThat(ctx.getTlsCertificateSdsSecretConfigs(0)).isEqualTo(SdsSecrets.DEFAULT);
    assertThat(ctx.getCombinedValidationContext().getValidationContextSdsSecretConfig()).isEqualTo(SdsSecrets.ROOTCA);
    assertThat(SdsSecrets.DEFAULT.getSdsConfig().getApiConfigSource().getGrpcServices(0).getEnvoyGrpc()
        .getClusterName()).isEqualTo("sds-grpc");
    assertThat(ctx.getCombinedValidationContext().getDefaultValidationContext().getMatchSubjectAltNames(0).getExact())
        .isEqualTo("spiffe://cluster.local/ns/shop/sa/web");

    var files = new dev.rigging.mesh.api.networking.Gateway.ServerTLSSettings(null,
        dev.rigging.mesh.api.networking.Gateway.ServerTLSMode.MUTUAL, "/etc/cert.pem", "/etc/key.pem", "/etc/ca.pem",
        null, null, null, null, null, null, null, null, null, null, null);
    var fileCtx = GatewayTlsContexts.downstream(files, true).getCommonTlsContext();
    assertThat(fileCtx.getTlsCertificateSdsSecretConfigs(0))
        .isEqualTo(SdsSecrets.file("file-cert:/etc/cert.pem~/etc/key.pem"));
    assertThat(fileCtx.getCombinedValidationContext().getValidationContextSdsSecretConfig())
        .isEqualTo(SdsSecrets.file("file-root:/etc/ca.pem"));

    var credential = new dev.rigging.mesh.api.networking.Gateway.ServerTLSSettings(null,
        dev.rigging.mesh.api.networking.Gateway.ServerTLSMode.SIMPLE, null, null, null, null, "web-cert", null, null,
        null, null, null, null, null, null, null);
    var credCtx = GatewayTlsContexts.downstream(credential, true).getCommonTlsContext();
    assertThat(credCtx.getTlsCertificateSdsSecretConfigs(0).getName()).isEqualTo("kubernetes://web-cert");
    assertThat(credCtx.getTlsCertificateSdsSecretConfigs(0).getSdsConfig().hasAds()).isTrue();
    assertThat(credCtx.getTlsCertificateSdsSecretConfigs(0).getSdsConfig().hasInitialFetchTimeout())
        .as("a missing credential must not block the listener").isFalse();
  }
}

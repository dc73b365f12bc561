package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateProviderPluginInstance;
import dev.rigging.istiod.registry.Protocol;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GrpcXdsConstraintsTest} makes sure the proxyless checks catch the TLS mistakes grpc-java
 * punishes, so that the golden-wide checks are not vacuous.
 */
class GrpcXdsConstraintsTest {
  private static final String NAME = "outbound|8080||a.shop.svc.cluster.local";
  private static final ClusterLoadAssignment ASSIGNMENT = ClusterLoadAssignment.newBuilder().setClusterName(NAME)
      .addEndpoints(LocalityLbEndpoints.newBuilder().setLoadBalancingWeight(Protos.u32(1))
          .addLbEndpoints(LbEndpoint.newBuilder().setLoadBalancingWeight(Protos.u32(1))
              .setEndpoint(io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder()
                  .setAddress(Protos.socket("10.0.0.1", 8080)))))
      .build();

  private static void check(TransportSocket socket) {
    Cluster c = Cluster.newBuilder().setName(NAME).setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(Protos.ADS_GRPC).setServiceName(NAME))
        .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
        .setTransportSocket(socket)
        .build();
    GrpcXdsConstraints.check("test", List.of(), List.of(), List.of(c), List.of(ASSIGNMENT));
  }

  private static TransportSocket socket(CommonTlsContext common) {
    return ClusterTransportSockets.tls(UpstreamTlsContext.newBuilder().setCommonTlsContext(common).build());
  }

  private static CommonTlsContext good() {
    return GrpcTlsContexts.client(List.of("spiffe://cluster.local/ns/shop/sa/a")).getCommonTlsContext();
  }

  @Test
  void theProviderInstanceFormPasses() {
    assertThatCode(() -> check(socket(good()))).doesNotThrowAnyException();
  }

  @Test
  void theDeprecatedCombinedRootsAreRejected() {
    CommonTlsContext deprecated = good().toBuilder().clearValidationContext()
        .setCombinedValidationContext(CommonTlsContext.CombinedCertificateValidationContext.newBuilder()
            .setValidationContextCertificateProviderInstance(CommonTlsContext.CertificateProviderInstance.newBuilder()
                .setInstanceName("default").setCertificateName("ROOTCA")))
        .build();
    assertThatThrownBy(() -> check(socket(deprecated))).hasMessageContaining("validation_context");
  }

  @Test
  void tlsParamsSdsAndUnknownProvidersAreRejected() {
    assertThatThrownBy(() -> check(socket(good().toBuilder().setTlsParams(TlsParameters.getDefaultInstance())
        .build()))).hasMessageContaining("tls_params");
    assertThatThrownBy(() -> check(socket(good().toBuilder().addTlsCertificateSdsSecretConfigs(SdsSecrets.DEFAULT)
        .build()))).hasMessageContaining("no SDS");
    assertThatThrownBy(() -> check(socket(good().toBuilder().setTlsCertificateProviderInstance(
        CertificateProviderPluginInstance.newBuilder().setInstanceName("spire").setCertificateName("default"))
        .build()))).hasMessageContaining("bootstrap");
  }

  @Test
  void onlyTheTlsTransportSocketNameIsAccepted() {
    TransportSocket misnamed = socket(good()).toBuilder().setName("tls").build();
    assertThatThrownBy(() -> check(misnamed)).hasMessageContaining("transport socket name");
  }

  private static void checkServer(DownstreamTlsContext tls) {
    Listener server = GrpcListenerBuilder.server(TestMesh.push(""), null, new InboundPort(50051, Protocol.GRPC,
        "greeter.grpc-demo.svc.cluster.local", java.util.Set.of()), true, PortPolicies.NONE);
    Listener changed = server.toBuilder().setFilterChains(0, server.getFilterChains(0).toBuilder()
        .setTransportSocket(ClusterTransportSockets.tls(tls))).build();
    GrpcXdsConstraints.check("test", List.of(changed), List.of(), List.of(), List.of());
  }

  @Test
  void serverTlsFollowsGrpcRules() {
    assertThatCode(() -> checkServer(GrpcTlsContexts.SERVER)).doesNotThrowAnyException();
    CommonTlsContext withSans = GrpcTlsContexts.client(List.of("spiffe://cluster.local/ns/a/sa/b"))
        .getCommonTlsContext();
    assertThatThrownBy(() -> checkServer(GrpcTlsContexts.SERVER.toBuilder().setCommonTlsContext(withSans).build()))
        .hasMessageContaining("match_subject_alt_names");
    assertThatThrownBy(() -> checkServer(GrpcTlsContexts.SERVER.toBuilder()
        .setCommonTlsContext(good().toBuilder().clearTlsCertificateProviderInstance()).build()))
        .hasMessageContaining("identity certificate provider");
    assertThatThrownBy(() -> checkServer(GrpcTlsContexts.SERVER.toBuilder()
        .setCommonTlsContext(good().toBuilder().clearValidationContext()).build()))
        .hasMessageContaining("require_client_certificate needs a root certificate provider");
    assertThatThrownBy(() -> checkServer(GrpcTlsContexts.SERVER.toBuilder().setRequireSni(Protos.bool(true)).build()))
        .hasMessageContaining("require_sni");
  }

  @Test
  void aServerHasExactlyOneChain() {
    Listener server = GrpcListenerBuilder.server(TestMesh.push(""), null, new InboundPort(50051, Protocol.GRPC,
        "greeter.grpc-demo.svc.cluster.local", java.util.Set.of()), false, PortPolicies.NONE);
    Listener two = server.toBuilder().addFilterChains(server.getFilterChains(0).toBuilder()
        .setTransportSocket(ClusterTransportSockets.tls(GrpcTlsContexts.SERVER))).build();
    assertThatThrownBy(() -> GrpcXdsConstraints.check("test", List.of(two), List.of(), List.of(), List.of()))
        .hasMessageContaining("one filter chain");
  }
}

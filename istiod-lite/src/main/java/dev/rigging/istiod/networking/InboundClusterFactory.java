package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.MeshSettings;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.BindConfig;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

/**
 * {@code InboundClusterFactory} builds a sidecar's local clusters the way current Istio does:
 * {@code inbound|PORT||} as ORIGINAL_DST clusters that connect to the workload from the magic
 * source address 127.0.0.6 (so iptables does not capture the proxy's own traffic), and the
 * catch-all {@code PassthroughCluster}, {@code InboundPassthroughCluster} and {@code BlackHoleCluster}.
 */
final class InboundClusterFactory {
  /** Source address iptables lets through to the local workload. */
  static final String INBOUND_PASSTHROUGH_BIND = "127.0.0.6";
  /** Effectively never: Istio disables cleanup of inbound original-destination hosts. */
  private static final com.google.protobuf.Duration NEVER = com.google.protobuf.Duration.newBuilder()
      .setSeconds(9_223_372_035L).build();

  private InboundClusterFactory() {}

  static Cluster inbound(InboundPort port, MeshSettings mesh) {
    Cluster.Builder c = Cluster.newBuilder()
        .setName(ClusterNames.inbound(port.port()))
        .setType(Cluster.DiscoveryType.ORIGINAL_DST)
        .setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED)
        .setCleanupInterval(NEVER)
        .setUpstreamBindConfig(bind());
    HttpProtocolOptions.Builder http = HttpProtocolOptions.newBuilder();
    ClusterPolicyApplier.applyConnectionPool(c, null, mesh, http, port.protocol().isHttp2());
    if (port.protocol().isHttp2()) {
      c.putTypedExtensionProtocolOptions(ClusterPolicyApplier.HTTP_PROTOCOL_OPTIONS, TypedConfigs.pack(
          HttpProtocolOptions.newBuilder().setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
              .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance())).build()));
    }
    return c.build();
  }

  static Cluster passthrough(MeshSettings mesh) {
    return passthroughBuilder(mesh, ClusterNames.PASSTHROUGH).build();
  }

  static Cluster inboundPassthrough(MeshSettings mesh) {
    return passthroughBuilder(mesh, ClusterNames.INBOUND_PASSTHROUGH).setUpstreamBindConfig(bind()).build();
  }

  static Cluster blackHole(MeshSettings mesh) {
    return Cluster.newBuilder()
        .setName(ClusterNames.BLACKHOLE)
        .setType(Cluster.DiscoveryType.STATIC)
        .setConnectTimeout(Protos.millis(mesh.connectTimeoutMillis()))
        .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
        .build();
  }

  private static Cluster.Builder passthroughBuilder(MeshSettings mesh, String name) {
    Cluster.Builder c = Cluster.newBuilder()
        .setName(name)
        .setType(Cluster.DiscoveryType.ORIGINAL_DST)
        .setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED);
    ClusterPolicyApplier.applyConnectionPool(c, null, mesh, HttpProtocolOptions.newBuilder(), false);
    c.putTypedExtensionProtocolOptions(ClusterPolicyApplier.HTTP_PROTOCOL_OPTIONS, TypedConfigs.pack(
        HttpProtocolOptions.newBuilder()
            .setCommonHttpProtocolOptions(io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.newBuilder()
                .setIdleTimeout(Protos.millis(300_000)))
            .setUseDownstreamProtocolConfig(HttpProtocolOptions.UseDownstreamHttpConfig.newBuilder()
                .setHttpProtocolOptions(Http1ProtocolOptions.getDefaultInstance())
                .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
            .build()));
    return c;
  }

  private static BindConfig bind() {
    return BindConfig.newBuilder()
        .setSourceAddress(SocketAddress.newBuilder().setAddress(INBOUND_PASSTHROUGH_BIND).setPortValue(0))
        .build();
  }
}

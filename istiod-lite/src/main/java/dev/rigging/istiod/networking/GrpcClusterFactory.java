package dev.rigging.istiod.networking;

import com.google.protobuf.UInt64Value;
import dev.rigging.mesh.api.networking.DestinationRule.LoadBalancerSettings;
import dev.rigging.mesh.api.networking.DestinationRule.SimpleLB;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;

/**
 * {@code GrpcClusterFactory} translates a planned cluster for a proxyless gRPC client, within what
 * grpc-java's xDS client accepts: always EDS over ADS (DNS services arrive as control-plane
 * resolved IPs); load balancing only ROUND_ROBIN, LEAST_REQUEST or RING_HASH (Maglev becomes a
 * ring hash, RANDOM and PASSTHROUGH round robin); circuit breaking as {@code max_requests};
 * outlier detection; mutual TLS with certificate provider instances when a DestinationRule asks
 * for {@code ISTIO_MUTUAL} (a transport socket named {@code envoy.transport_sockets.tls}, the only
 * one grpc accepts); no connect timeout or HTTP protocol options (grpc ignores or rejects them).
 */
final class GrpcClusterFactory {
  /** grpc-java rejects ring sizes above 8M. */
  private static final long MAX_RING_SIZE = 8_388_608L;
  private static final long DEFAULT_MIN_RING_SIZE = 1024;

  private GrpcClusterFactory() {}

  static Cluster build(PlannedCluster c) {
    Cluster.Builder b = Cluster.newBuilder()
        .setName(c.name())
        .setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
            .setEdsConfig(Protos.ADS_GRPC).setServiceName(c.name()));
    applyLoadBalancer(b, c.policy().loadBalancer());
    var pool = c.policy().connectionPool();
    if (pool != null && pool.http() != null && pool.http().http2MaxRequests() != null
        && pool.http().http2MaxRequests() > 0) {
      b.setCircuitBreakers(CircuitBreakers.newBuilder().addThresholds(CircuitBreakers.Thresholds.newBuilder()
          .setMaxRequests(Protos.u32(pool.http().http2MaxRequests()))));
    }
    if (c.policy().outlierDetection() != null) {
      b.setOutlierDetection(ClusterPolicyApplier.outlierDetection(c.policy().outlierDetection()));
    }
    if (c.tls().settings() != null) {
      b.setTransportSocket(ClusterTransportSockets.tls(GrpcTlsContexts.client(c.tls().settings().subjectAltNames())));
    }
    return b.build();
  }

  private static void applyLoadBalancer(Cluster.Builder b, LoadBalancerSettings lb) {
    if (lb != null && lb.consistentHash() != null) {
      var hash = lb.consistentHash();
      long size = DEFAULT_MIN_RING_SIZE;
      Long ringSize = hash.ringHash() == null ? null : hash.ringHash().minimumRingSize();
      if (ringSize != null && ringSize > 0) {
        size = ringSize;
      } else if (hash.minimumRingSize() != null && hash.minimumRingSize() > 0) {
        size = hash.minimumRingSize();
      }
      b.setLbPolicy(Cluster.LbPolicy.RING_HASH)
          .setRingHashLbConfig(Cluster.RingHashLbConfig.newBuilder()
              .setMinimumRingSize(UInt64Value.of(Math.min(size, MAX_RING_SIZE))));
      return;
    }
    SimpleLB simple = lb == null || lb.simple() == null ? SimpleLB.UNSPECIFIED : lb.simple();
    b.setLbPolicy(simple == SimpleLB.LEAST_REQUEST || simple == SimpleLB.LEAST_CONN
        ? Cluster.LbPolicy.LEAST_REQUEST : Cluster.LbPolicy.ROUND_ROBIN);
  }
}

package dev.rigging.istiod.networking;

import com.google.protobuf.UInt64Value;
import dev.rigging.istiod.model.MeshSettings;
import dev.rigging.istiod.registry.ServicePort;
import dev.rigging.mesh.api.networking.DestinationRule.ConnectionPoolSettings;
import dev.rigging.mesh.api.networking.DestinationRule.ConnectionPoolSettings.H2UpgradePolicy;
import dev.rigging.mesh.api.networking.DestinationRule.ConsistentHashLB;
import dev.rigging.mesh.api.networking.DestinationRule.LoadBalancerSettings;
import dev.rigging.mesh.api.networking.DestinationRule.LocalityLoadBalancerSetting;
import dev.rigging.mesh.api.networking.DestinationRule.OutlierDetection;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.UpstreamConnectionOptions;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.RuntimeDouble;
import io.envoyproxy.envoy.config.core.v3.TcpKeepalive;
import io.envoyproxy.envoy.config.core.v3.UpstreamHttpProtocolOptions;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.type.v3.Percent;
import java.time.Duration;

/**
 * {@code ClusterPolicyApplier} applies a merged traffic policy to an Envoy cluster the way Istio
 * does: connection pool (always, with Istio's unlimited circuit-breaker defaults and the mesh
 * connect timeout), HTTP/2 upstream, outlier detection, then load balancing; TLS origination's
 * auto SNI and SAN validation join the HTTP protocol options.
 */
final class ClusterPolicyApplier {
  static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
  private static final String WARMUP_AGGRESSION_KEY = "upstream.rigging.warmup.aggression";

  private ClusterPolicyApplier() {}

  /**
   * Applies {@code policy} to outbound cluster {@code c} for {@code port}; {@code upstreamHttp}
   * (may be null) are upstream HTTP options that TLS origination needs.
   */
  static void applyOutbound(Cluster.Builder c, EffectivePolicy policy, ServicePort port, MeshSettings mesh,
      UpstreamHttpProtocolOptions upstreamHttp) {
    HttpProtocolOptions.Builder http = HttpProtocolOptions.newBuilder();
    boolean httpSet = applyConnectionPool(c, policy.connectionPool(), mesh, http, port.protocol().isHttp2());
    ConnectionPoolSettings.HTTPSettings hs = policy.connectionPool() == null ? null : policy.connectionPool().http();
    boolean clientProtocol = hs != null && Boolean.TRUE.equals(hs.useClientProtocol());
    if (upstreamHttp != null) {
      http.setUpstreamHttpProtocolOptions(upstreamHttp);
      httpSet = true;
    }
    if (clientProtocol) {
      http.setUseDownstreamProtocolConfig(HttpProtocolOptions.UseDownstreamHttpConfig.newBuilder()
          .setHttpProtocolOptions(Http1ProtocolOptions.getDefaultInstance())
          .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()));
      httpSet = true;
    }
    if (http2(policy, port)) {
      Http2ProtocolOptions.Builder h2 = Http2ProtocolOptions.newBuilder();
      if (hs != null && hs.maxConcurrentStreams() != null && hs.maxConcurrentStreams() > 0) {
        h2.setMaxConcurrentStreams(Protos.u32(hs.maxConcurrentStreams()));
      }
      http.setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder().setHttp2ProtocolOptions(h2));
      httpSet = true;
    }
    if (httpSet) {
      if (!http.hasExplicitHttpConfig() && !http.hasUseDownstreamProtocolConfig()) {
        http.setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
            .setHttpProtocolOptions(Http1ProtocolOptions.getDefaultInstance()));
      }
      c.putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS, TypedConfigs.pack(http.build()));
    }
    applyOutlierDetection(c, policy.outlierDetection());
    applyLoadBalancer(c, policy);
  }

  /** Whether the cluster speaks HTTP/2 upstream: an HTTP/2 port not told to follow the client, or an h2 upgrade. */
  static boolean http2(EffectivePolicy policy, ServicePort port) {
    ConnectionPoolSettings.HTTPSettings hs = policy.connectionPool() == null ? null : policy.connectionPool().http();
    boolean upgrade = hs != null && hs.h2UpgradePolicy() == H2UpgradePolicy.UPGRADE;
    boolean clientProtocol = hs != null && Boolean.TRUE.equals(hs.useClientProtocol());
    return (port.protocol().isHttp2() && !clientProtocol) || upgrade;
  }

  /** Connect timeout, circuit breakers, keepalive; returns whether common HTTP options were set on {@code http}. */
  static boolean applyConnectionPool(Cluster.Builder c, ConnectionPoolSettings pool, MeshSettings mesh,
      HttpProtocolOptions.Builder http, boolean http2) {
    c.setConnectTimeout(Protos.millis(mesh.connectTimeoutMillis()));
    CircuitBreakers.Thresholds.Builder t = CircuitBreakers.Thresholds.newBuilder()
        .setMaxConnections(Protos.u32(Protos.MAX_UINT32))
        .setMaxPendingRequests(Protos.u32(Protos.MAX_UINT32))
        .setMaxRequests(Protos.u32(Protos.MAX_UINT32))
        .setMaxRetries(Protos.u32(Protos.MAX_UINT32))
        .setTrackRemaining(true);
    Duration idle = null;
    Duration maxConnectionDuration = null;
    Integer maxRequestsPerConnection = null;
    if (pool != null && pool.http() != null) {
      var h = pool.http();
      if (positive(h.http2MaxRequests())) {
        t.setMaxRequests(Protos.u32(h.http2MaxRequests()));
      }
      if (positive(h.http1MaxPendingRequests())) {
        t.setMaxPendingRequests(Protos.u32(h.http1MaxPendingRequests()));
      }
      if (positive(h.maxRetries())) {
        t.setMaxRetries(Protos.u32(h.maxRetries()));
      }
      idle = h.idleTimeout();
      maxRequestsPerConnection = positive(h.maxRequestsPerConnection()) ? h.maxRequestsPerConnection() : null;
    }
    if (pool != null && pool.tcp() != null) {
      var tcp = pool.tcp();
      if (tcp.connectTimeout() != null) {
        c.setConnectTimeout(Protos.duration(tcp.connectTimeout()));
      }
      if (positive(tcp.maxConnections())) {
        t.setMaxConnections(Protos.u32(tcp.maxConnections()));
      }
      maxConnectionDuration = tcp.maxConnectionDuration();
      if (idle == null) {
        idle = tcp.idleTimeout();
      }
      if (tcp.tcpKeepalive() != null) {
        TcpKeepalive.Builder k = TcpKeepalive.newBuilder();
        var ka = tcp.tcpKeepalive();
        if (positive(ka.probes())) {
          k.setKeepaliveProbes(Protos.u32(ka.probes()));
        }
        if (ka.time() != null) {
          k.setKeepaliveTime(Protos.u32(ka.time().getSeconds()));
        }
        if (ka.interval() != null) {
          k.setKeepaliveInterval(Protos.u32(ka.interval().getSeconds()));
        }
        c.setUpstreamConnectionOptions(UpstreamConnectionOptions.newBuilder().setTcpKeepalive(k));
      }
    }
    c.setCircuitBreakers(CircuitBreakers.newBuilder().addThresholds(t));
    if (idle == null && maxConnectionDuration == null && maxRequestsPerConnection == null) {
      return false;
    }
    var common = io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.newBuilder();
    if (idle != null) {
      common.setIdleTimeout(Protos.duration(idle));
    }
    if (maxConnectionDuration != null) {
      common.setMaxConnectionDuration(Protos.duration(maxConnectionDuration));
    }
    if (maxRequestsPerConnection != null) {
      common.setMaxRequestsPerConnection(Protos.u32(maxRequestsPerConnection));
    }
    http.setCommonHttpProtocolOptions(common);
    return true;
  }

  private static void applyOutlierDetection(Cluster.Builder c, OutlierDetection o) {
    if (o == null) {
      return;
    }
    c.setOutlierDetection(outlierDetection(o));
    // Istio disables the panic threshold unless minHealthPercent says otherwise: with few pods
    // per service, Envoy's default 50% would send traffic to ejected hosts.
    int minHealth = o.minHealthPercent() == null ? 0 : o.minHealthPercent();
    c.getCommonLbConfigBuilder().setHealthyPanicThreshold(Percent.newBuilder().setValue(minHealth));
  }

  /** Istio's outlier detection: consecutive-error ejection only, success-rate ejection disabled. */
  static io.envoyproxy.envoy.config.cluster.v3.OutlierDetection outlierDetection(OutlierDetection o) {
    var out = io.envoyproxy.envoy.config.cluster.v3.OutlierDetection.newBuilder()
        .setEnforcingSuccessRate(Protos.u32(0));
    if (o.consecutive5xxErrors() != null) {
      out.setConsecutive5Xx(Protos.u32(o.consecutive5xxErrors()))
          .setEnforcingConsecutive5Xx(Protos.u32(o.consecutive5xxErrors() > 0 ? 100 : 0));
    }
    if (o.consecutiveGatewayErrors() != null) {
      out.setConsecutiveGatewayFailure(Protos.u32(o.consecutiveGatewayErrors()))
          .setEnforcingConsecutiveGatewayFailure(Protos.u32(o.consecutiveGatewayErrors() > 0 ? 100 : 0));
    }
    if (o.interval() != null) {
      out.setInterval(Protos.duration(o.interval()));
    }
    if (o.baseEjectionTime() != null) {
      out.setBaseEjectionTime(Protos.duration(o.baseEjectionTime()));
    }
    if (positive(o.maxEjectionPercent())) {
      out.setMaxEjectionPercent(Protos.u32(Math.min(100, o.maxEjectionPercent())));
    }
    if (Boolean.TRUE.equals(o.splitExternalLocalOriginErrors())) {
      out.setSplitExternalLocalOriginErrors(true);
      if (positive(o.consecutiveLocalOriginFailures())) {
        out.setConsecutiveLocalOriginFailure(Protos.u32(o.consecutiveLocalOriginFailures()))
            .setEnforcingConsecutiveLocalOriginFailure(Protos.u32(100));
      }
      out.setEnforcingLocalOriginSuccessRate(Protos.u32(0));
    }
    return out.build();
  }

  private static void applyLoadBalancer(Cluster.Builder c, EffectivePolicy policy) {
    LoadBalancerSettings lb = policy.loadBalancer();
    LocalityLoadBalancerSetting locality = policy.locality();
    if (locality != null && (!locality.distribute().isEmpty()
        || (c.hasOutlierDetection() && !locality.failover().isEmpty()))) {
      c.getCommonLbConfigBuilder().setLocalityWeightedLbConfig(
          Cluster.CommonLbConfig.LocalityWeightedLbConfig.getDefaultInstance());
    }
    if (c.getType() == Cluster.DiscoveryType.ORIGINAL_DST) {
      c.setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED);
      return;
    }
    var simple = lb == null || lb.simple() == null
        ? dev.rigging.mesh.api.networking.DestinationRule.SimpleLB.UNSPECIFIED : lb.simple();
    switch (simple) {
      case ROUND_ROBIN -> c.setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN);
      case RANDOM -> c.setLbPolicy(Cluster.LbPolicy.RANDOM);
      default -> c.setLbPolicy(Cluster.LbPolicy.LEAST_REQUEST);
    }
    Cluster.SlowStartConfig slowStart = slowStart(lb);
    if (slowStart != null && c.getLbPolicy() == Cluster.LbPolicy.ROUND_ROBIN) {
      c.setRoundRobinLbConfig(Cluster.RoundRobinLbConfig.newBuilder().setSlowStartConfig(slowStart));
    } else if (slowStart != null && c.getLbPolicy() == Cluster.LbPolicy.LEAST_REQUEST) {
      c.setLeastRequestLbConfig(Cluster.LeastRequestLbConfig.newBuilder().setSlowStartConfig(slowStart));
    }
    applyConsistentHash(c, lb == null ? null : lb.consistentHash());
  }

  private static Cluster.SlowStartConfig slowStart(LoadBalancerSettings lb) {
    if (lb == null) {
      return null;
    }
    if (lb.warmup() != null && lb.warmup().duration() != null) {
      var b = Cluster.SlowStartConfig.newBuilder().setSlowStartWindow(Protos.duration(lb.warmup().duration()));
      if (lb.warmup().aggression() != null) {
        b.setAggression(RuntimeDouble.newBuilder().setDefaultValue(lb.warmup().aggression())
            .setRuntimeKey(WARMUP_AGGRESSION_KEY));
      }
      if (lb.warmup().minimumPercent() != null) {
        b.setMinWeightPercent(Percent.newBuilder().setValue(lb.warmup().minimumPercent()));
      }
      return b.build();
    }
    if (lb.warmupDurationSecs() != null) {
      return Cluster.SlowStartConfig.newBuilder().setSlowStartWindow(Protos.duration(lb.warmupDurationSecs())).build();
    }
    return null;
  }

  /** Consistent hashing: Maglev or ring hash (ring of at least 1024 unless configured). */
  static void applyConsistentHash(Cluster.Builder c, ConsistentHashLB hash) {
    if (hash == null) {
      return;
    }
    if (hash.maglev() != null) {
      c.setLbPolicy(Cluster.LbPolicy.MAGLEV);
      if (hash.maglev().tableSize() != null && hash.maglev().tableSize() != 0) {
        c.setMaglevLbConfig(Cluster.MaglevLbConfig.newBuilder()
            .setTableSize(UInt64Value.of(hash.maglev().tableSize())));
      }
      return;
    }
    c.setLbPolicy(Cluster.LbPolicy.RING_HASH);
    if (hash.ringHash() != null) {
      Long size = hash.ringHash().minimumRingSize();
      if (size != null && size != 0) {
        c.setRingHashLbConfig(Cluster.RingHashLbConfig.newBuilder().setMinimumRingSize(UInt64Value.of(size)));
      }
      return;
    }
    long size = hash.minimumRingSize() != null && hash.minimumRingSize() != 0 ? hash.minimumRingSize() : 1024;
    c.setRingHashLbConfig(Cluster.RingHashLbConfig.newBuilder().setMinimumRingSize(UInt64Value.of(size)));
  }

  private static boolean positive(Integer v) {
    return v != null && v > 0;
  }
}

package dev.rigging.mesh.api.networking;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code DestinationRule} is the spec of a networking.istio.io DestinationRule: policies applied to
 * traffic for {@link #host()} after routing, and the subsets of that host.
 */
public record DestinationRule(
    String host,
    TrafficPolicy trafficPolicy,
    List<Subset> subsets,
    List<String> exportTo,
    MatchLabelsSelector workloadSelector) {

  public DestinationRule {
    subsets = Nulls.list(subsets);
    exportTo = Nulls.list(exportTo);
  }

  /** A named set of endpoints selected by labels, with an optional policy override. */
  public record Subset(String name, Map<String, String> labels, TrafficPolicy trafficPolicy) {
    public Subset {
      labels = Nulls.map(labels);
    }
  }

  /** Load balancing, connection pool, outlier detection and TLS for a destination. */
  public record TrafficPolicy(
      LoadBalancerSettings loadBalancer,
      ConnectionPoolSettings connectionPool,
      OutlierDetection outlierDetection,
      ClientTLSSettings tls,
      List<PortTrafficPolicy> portLevelSettings,
      TunnelSettings tunnel,
      ProxyProtocol proxyProtocol,
      RetryBudget retryBudget) {
    public TrafficPolicy {
      portLevelSettings = Nulls.list(portLevelSettings);
    }
  }

  /** Policy for one port; overrides the destination-level policy for that port. */
  public record PortTrafficPolicy(
      PortSelector port,
      LoadBalancerSettings loadBalancer,
      ConnectionPoolSettings connectionPool,
      OutlierDetection outlierDetection,
      ClientTLSSettings tls) {}

  /** Simple load balancing algorithms. */
  public enum SimpleLB { UNSPECIFIED, LEAST_CONN, RANDOM, PASSTHROUGH, ROUND_ROBIN, LEAST_REQUEST }

  /** Load balancer settings: one of simple or consistentHash, plus locality settings and warmup. */
  public record LoadBalancerSettings(
      SimpleLB simple,
      ConsistentHashLB consistentHash,
      LocalityLoadBalancerSetting localityLbSetting,
      Duration warmupDurationSecs,
      WarmupConfiguration warmup) {}

  /**
   * Slow start for new endpoints: traffic ramps up over {@code duration}, starting at {@code
   * minimumPercent} of the normal share, with curve {@code aggression} (1 is linear).
   */
  public record WarmupConfiguration(Duration duration, Double minimumPercent, Double aggression) {}

  /** Consistent hashing (ring hash or Maglev) on a header, cookie, source IP or query parameter. */
  public record ConsistentHashLB(
      String httpHeaderName,
      HTTPCookie httpCookie,
      Boolean useSourceIp,
      String httpQueryParameterName,
      RingHash ringHash,
      MagLev maglev,
      Long minimumRingSize) {

    /** Cookie used as the hash key; generated with {@code ttl} when absent. */
    public record HTTPCookie(String name, String path, Duration ttl) {}

    /** Ring hash parameters. */
    public record RingHash(Long minimumRingSize) {}

    /** Maglev parameters. */
    public record MagLev(Long tableSize) {}
  }

  /** Locality weighted load balancing and failover. */
  public record LocalityLoadBalancerSetting(
      List<Distribute> distribute,
      List<Failover> failover,
      List<String> failoverPriority,
      Boolean enabled) {
    public LocalityLoadBalancerSetting {
      distribute = Nulls.list(distribute);
      failover = Nulls.list(failover);
      failoverPriority = Nulls.list(failoverPriority);
    }

    /** Traffic from locality {@code from} is spread over {@code to} by weight (weights sum to 100). */
    public record Distribute(String from, Map<String, Integer> to) {
      public Distribute {
        to = Nulls.map(to);
      }
    }

    /** Traffic from region {@code from} fails over to region {@code to}. */
    public record Failover(String from, String to) {}
  }

  /** TCP and HTTP connection pool limits. */
  public record ConnectionPoolSettings(TCPSettings tcp, HTTPSettings http) {

    /** TCP limits. */
    public record TCPSettings(
        Integer maxConnections,
        Duration connectTimeout,
        TcpKeepalive tcpKeepalive,
        Duration maxConnectionDuration,
        Duration idleTimeout) {

      /** TCP keepalive probes. */
      public record TcpKeepalive(Integer probes, Duration time, Duration interval) {}
    }

    /** How to upgrade HTTP/1.1 connections to HTTP/2. */
    public enum H2UpgradePolicy { DEFAULT, DO_NOT_UPGRADE, UPGRADE }

    /** HTTP limits. */
    public record HTTPSettings(
        Integer http1MaxPendingRequests,
        Integer http2MaxRequests,
        Integer maxRequestsPerConnection,
        Integer maxRetries,
        Duration idleTimeout,
        H2UpgradePolicy h2UpgradePolicy,
        Boolean useClientProtocol,
        Integer maxConcurrentStreams) {}
  }

  /**
   * Passive health checking: ejects hosts after consecutive errors.
   *
   * @param consecutiveErrors deprecated in Istio (use consecutive5xxErrors); kept so that existing
   *     configs still decode
   */
  public record OutlierDetection(
      Integer consecutiveErrors,
      Boolean splitExternalLocalOriginErrors,
      Integer consecutiveLocalOriginFailures,
      Integer consecutiveGatewayErrors,
      Integer consecutive5xxErrors,
      Duration interval,
      Duration baseEjectionTime,
      Integer maxEjectionPercent,
      Integer minHealthPercent) {}

  /** TLS modes for upstream connections. */
  public enum TLSMode { DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL }

  /** TLS settings for upstream connections. */
  public record ClientTLSSettings(
      TLSMode mode,
      String clientCertificate,
      String privateKey,
      String caCertificates,
      String credentialName,
      List<String> subjectAltNames,
      String sni,
      Boolean insecureSkipVerify,
      String caCrl) {
    public ClientTLSSettings {
      subjectAltNames = Nulls.list(subjectAltNames);
    }
  }

  /** Tunnelling (HTTP CONNECT or POST) of TCP traffic to the destination. */
  public record TunnelSettings(String protocol, String targetHost, Integer targetPort) {}

  /** PROXY protocol sent upstream. */
  public record ProxyProtocol(Version version) {

    /** PROXY protocol versions. */
    public enum Version { V1, V2 }
  }

  /** Caps concurrent retries at a share of active requests, with a floor of {@code minRetryConcurrency}. */
  public record RetryBudget(Double percent, Integer minRetryConcurrency) {}
}

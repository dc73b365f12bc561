package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.DestinationRule.ConnectionPoolSettings;
import dev.rigging.mesh.api.networking.DestinationRule.ConnectionPoolSettings.H2UpgradePolicy;

/** {@code ConnectionPools} checks connection pool limits (DestinationRules and Sidecar ingress). */
final class ConnectionPools {
  private ConnectionPools() {}

  static void check(Issues issues, String p, ConnectionPoolSettings cp) {
    if (cp == null) {
      return;
    }
    if (cp.http() == null && cp.tcp() == null) {
      issues.error(p, "connectionPool is empty; set tcp and/or http, or remove it");
      return;
    }
    var http = cp.http();
    if (http != null) {
      String h = p + ".http";
      TrafficPolicyValidator.nonNegative(issues, h + ".http1MaxPendingRequests", http.http1MaxPendingRequests());
      TrafficPolicyValidator.nonNegative(issues, h + ".http2MaxRequests", http.http2MaxRequests());
      TrafficPolicyValidator.nonNegative(issues, h + ".maxRequestsPerConnection", http.maxRequestsPerConnection());
      TrafficPolicyValidator.nonNegative(issues, h + ".maxRetries", http.maxRetries());
      TrafficPolicyValidator.nonNegative(issues, h + ".maxConcurrentStreams", http.maxConcurrentStreams());
      Durations.check(issues, h + ".idleTimeout", http.idleTimeout());
      if (http.h2UpgradePolicy() == H2UpgradePolicy.UPGRADE && Boolean.TRUE.equals(http.useClientProtocol())) {
        issues.error(h + ".useClientProtocol", "useClientProtocol cannot be true with h2UpgradePolicy UPGRADE; choose one");
      }
    }
    var tcp = cp.tcp();
    if (tcp != null) {
      String t = p + ".tcp";
      TrafficPolicyValidator.nonNegative(issues, t + ".maxConnections", tcp.maxConnections());
      Durations.check(issues, t + ".connectTimeout", tcp.connectTimeout());
      Durations.check(issues, t + ".maxConnectionDuration", tcp.maxConnectionDuration());
      Durations.check(issues, t + ".idleTimeout", tcp.idleTimeout());
      if (tcp.tcpKeepalive() != null) {
        TrafficPolicyValidator.nonNegative(issues, t + ".tcpKeepalive.probes", tcp.tcpKeepalive().probes());
        Durations.check(issues, t + ".tcpKeepalive.time", tcp.tcpKeepalive().time());
        Durations.check(issues, t + ".tcpKeepalive.interval", tcp.tcpKeepalive().interval());
      }
    }
  }
}

package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.DestinationRule.OutlierDetection;
import dev.rigging.mesh.api.networking.DestinationRule.PortTrafficPolicy;
import dev.rigging.mesh.api.networking.DestinationRule.RetryBudget;
import dev.rigging.mesh.api.networking.DestinationRule.TrafficPolicy;
import dev.rigging.mesh.api.networking.DestinationRule.TunnelSettings;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code TrafficPolicyValidator} checks a DestinationRule traffic policy (top level, per subset and
 * per port): outlier detection, tunnelling, retry budget and port-level settings. Connection pools,
 * load balancing and TLS have their own checkers.
 */
final class TrafficPolicyValidator {
  private TrafficPolicyValidator() {}

  static void validate(Issues issues, String p, TrafficPolicy tp) {
    if (tp == null) {
      return;
    }
    if (tp.loadBalancer() == null && tp.connectionPool() == null && tp.outlierDetection() == null && tp.tls() == null
        && tp.portLevelSettings().isEmpty() && tp.tunnel() == null && tp.proxyProtocol() == null && tp.retryBudget() == null) {
      issues.error(p, "trafficPolicy is empty; set at least one of loadBalancer, connectionPool, outlierDetection, tls, "
          + "portLevelSettings, tunnel, proxyProtocol or retryBudget, or remove it");
      return;
    }
    if (tp.tunnel() != null && tp.proxyProtocol() != null) {
      issues.error(p + ".proxyProtocol", "tunnel and proxyProtocol cannot be combined; keep one");
      return;
    }
    outlierDetection(issues, p + ".outlierDetection", tp.outlierDetection());
    ConnectionPools.check(issues, p + ".connectionPool", tp.connectionPool());
    LoadBalancerValidator.validate(issues, p + ".loadBalancer", tp.loadBalancer(), tp.outlierDetection());
    ClientTlsValidator.validate(issues, p + ".tls", tp.tls());
    portLevelSettings(issues, p + ".portLevelSettings", tp);
    tunnel(issues, p + ".tunnel", tp.tunnel());
    retryBudget(issues, p + ".retryBudget", tp.retryBudget());
  }

  private static void portLevelSettings(Issues issues, String field, TrafficPolicy tp) {
    Map<Integer, Integer> ports = new HashMap<>();
    for (int i = 0; i < tp.portLevelSettings().size(); i++) {
      PortTrafficPolicy pl = tp.portLevelSettings().get(i);
      String at = Issues.at(field, i);
      if (pl.port() == null) {
        issues.error(at + ".port", "port is required, e.g. port: {number: 9080}");
      } else {
        issues.errorIfPresent(at + ".port.number", Ports.numberProblem(pl.port().number()));
        Integer first = pl.port().number() == null ? null : ports.putIfAbsent(pl.port().number(), i);
        if (first != null) {
          issues.error(at + ".port.number", "duplicate port " + pl.port().number() + " (also at " + Issues.at(field, first)
              + "); merge the settings for one port into one entry");
        }
      }
      if (pl.loadBalancer() == null && pl.connectionPool() == null && pl.outlierDetection() == null && pl.tls() == null) {
        issues.error(at, "port-level policy is empty; set at least one of loadBalancer, connectionPool, outlierDetection or tls");
        continue;
      }
      outlierDetection(issues, at + ".outlierDetection", pl.outlierDetection());
      ConnectionPools.check(issues, at + ".connectionPool", pl.connectionPool());
      LoadBalancerValidator.validate(issues, at + ".loadBalancer", pl.loadBalancer(), pl.outlierDetection());
      ClientTlsValidator.validate(issues, at + ".tls", pl.tls());
    }
  }

  private static void outlierDetection(Issues issues, String p, OutlierDetection o) {
    if (o == null) {
      return;
    }
    Durations.check(issues, p + ".baseEjectionTime", o.baseEjectionTime());
    Durations.check(issues, p + ".interval", o.interval());
    if (o.consecutiveErrors() != null) {
      issues.warn(p + ".consecutiveErrors", "consecutiveErrors is deprecated; use consecutive5xxErrors or consecutiveGatewayErrors");
    }
    nonNegative(issues, p + ".consecutive5xxErrors", o.consecutive5xxErrors());
    nonNegative(issues, p + ".consecutiveGatewayErrors", o.consecutiveGatewayErrors());
    nonNegative(issues, p + ".consecutiveLocalOriginFailures", o.consecutiveLocalOriginFailures());
    if (o.consecutiveLocalOriginFailures() != null && o.consecutiveLocalOriginFailures() > 0
        && !Boolean.TRUE.equals(o.splitExternalLocalOriginErrors())) {
      issues.error(p + ".consecutiveLocalOriginFailures",
          "consecutiveLocalOriginFailures only counts when local-origin errors are split; set splitExternalLocalOriginErrors: true");
    }
    percent(issues, p + ".maxEjectionPercent", o.maxEjectionPercent());
    percent(issues, p + ".minHealthPercent", o.minHealthPercent());
  }

  private static void tunnel(Issues issues, String p, TunnelSettings t) {
    if (t == null) {
      return;
    }
    if (t.protocol() != null && !t.protocol().isEmpty() && !t.protocol().equals("CONNECT") && !t.protocol().equals("POST")) {
      issues.error(p + ".protocol", "invalid tunnel protocol \"" + t.protocol() + "\"; must be CONNECT or POST");
    }
    if (Hosts.fqdnProblem(t.targetHost()) != null && !IpAddresses.isIp(t.targetHost())) {
      issues.error(p + ".targetHost", "tunnel targetHost " + (t.targetHost() == null || t.targetHost().isEmpty()
          ? "is required" : "\"" + t.targetHost() + "\" is not a valid DNS name or IP") + "; e.g. egress.example.com or 10.0.0.1");
    }
    issues.errorIfPresent(p + ".targetPort", Ports.numberProblem(t.targetPort()));
  }

  private static void retryBudget(Issues issues, String p, RetryBudget b) {
    if (b == null) {
      return;
    }
    if (b.percent() != null && (b.percent() < 0 || b.percent() > 100)) {
      issues.error(p + ".percent", "percent " + b.percent() + " out of range; must be between 0 and 100");
    }
    nonNegative(issues, p + ".minRetryConcurrency", b.minRetryConcurrency());
  }

  static void nonNegative(Issues issues, String field, Number n) {
    if (n != null && n.longValue() < 0) {
      issues.error(field, "value " + n + " is negative; must be 0 or more");
    }
  }

  static void percent(Issues issues, String field, Integer n) {
    if (n != null && (n < 0 || n > 100)) {
      issues.error(field, "percentage " + n + " out of range; must be between 0 and 100");
    }
  }
}

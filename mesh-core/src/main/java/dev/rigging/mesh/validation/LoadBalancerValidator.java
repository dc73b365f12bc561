package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.DestinationRule.ConsistentHashLB;
import dev.rigging.mesh.api.networking.DestinationRule.LoadBalancerSettings;
import dev.rigging.mesh.api.networking.DestinationRule.OutlierDetection;
import dev.rigging.mesh.api.networking.DestinationRule.WarmupConfiguration;

/**
 * {@code LoadBalancerValidator} checks load balancer settings: simple versus consistent hashing,
 * the hash key and algorithm (Maglev table sizes must be prime, as Envoy requires), warmup and
 * locality settings.
 */
final class LoadBalancerValidator {
  // Envoy's upper bound for the Maglev lookup table
  private static final long MAGLEV_MAX_TABLE = 5_000_011L;

  private LoadBalancerValidator() {}

  static void validate(Issues issues, String p, LoadBalancerSettings lb, OutlierDetection outlier) {
    if (lb == null) {
      return;
    }
    if (lb.simple() != null && lb.consistentHash() != null) {
      issues.error(p, "set either simple or consistentHash, not both");
    }
    consistentHash(issues, p + ".consistentHash", lb.consistentHash());
    LocalityValidator.validate(issues, p + ".localityLbSetting", lb.localityLbSetting(), outlier);
    Durations.check(issues, p + ".warmupDurationSecs", lb.warmupDurationSecs());
    if (lb.warmupDurationSecs() != null) {
      issues.warn(p + ".warmupDurationSecs", "warmupDurationSecs is deprecated; use warmup.duration");
    }
    warmup(issues, p + ".warmup", lb.warmup());
  }

  private static void consistentHash(Issues issues, String p, ConsistentHashLB ch) {
    if (ch == null) {
      return;
    }
    int keys = (ch.httpHeaderName() != null ? 1 : 0) + (ch.httpCookie() != null ? 1 : 0)
        + (ch.useSourceIp() != null ? 1 : 0) + (ch.httpQueryParameterName() != null ? 1 : 0);
    if (keys != 1) {
      issues.error(p, "consistentHash sets " + keys + " hash keys; set exactly one of httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName");
    }
    if (ch.httpCookie() != null && (ch.httpCookie().name() == null || ch.httpCookie().name().isEmpty())) {
      issues.error(p + ".httpCookie.name", "cookie name is required, e.g. name: session");
    }
    if (ch.ringHash() != null && ch.maglev() != null) {
      issues.error(p, "set either ringHash or maglev, not both");
    }
    if (ch.minimumRingSize() != null) {
      issues.warn(p + ".minimumRingSize", "minimumRingSize is deprecated; use ringHash.minimumRingSize");
      TrafficPolicyValidator.nonNegative(issues, p + ".minimumRingSize", ch.minimumRingSize());
      if (ch.ringHash() != null || ch.maglev() != null) {
        issues.error(p + ".minimumRingSize", "minimumRingSize cannot be combined with ringHash or maglev; use ringHash.minimumRingSize");
      }
    }
    if (ch.ringHash() != null) {
      TrafficPolicyValidator.nonNegative(issues, p + ".ringHash.minimumRingSize", ch.ringHash().minimumRingSize());
    }
    if (ch.maglev() != null) {
      Long size = ch.maglev().tableSize();
      String at = p + ".maglev.tableSize";
      if (size == null || size == 0) {
        issues.error(at, "tableSize is required for maglev; use a prime below 5000011, e.g. 65537");
      } else if (size < 0 || size >= MAGLEV_MAX_TABLE) {
        issues.error(at, "tableSize " + size + " out of range; must be a prime below 5000011, e.g. 65537");
      } else if (!isPrime(size)) {
        issues.error(at, "tableSize " + size + " is not prime; Maglev needs a prime table size, e.g. 65537");
      }
    }
  }

  private static void warmup(Issues issues, String p, WarmupConfiguration w) {
    if (w == null) {
      return;
    }
    if (w.duration() == null) {
      issues.error(p + ".duration", "warmup duration is required, e.g. duration: 60s");
    } else {
      Durations.check(issues, p + ".duration", w.duration());
    }
    if (w.minimumPercent() != null && (w.minimumPercent() < 0 || w.minimumPercent() > 100)) {
      issues.error(p + ".minimumPercent", "minimumPercent " + w.minimumPercent() + " out of range; must be between 0 and 100");
    }
    if (w.aggression() != null && w.aggression() < 1) {
      issues.error(p + ".aggression", "aggression " + w.aggression() + " is below 1; use 1 for a linear ramp, more for a steeper one");
    }
  }

  static boolean isPrime(long x) {
    if (x < 2) {
      return false;
    }
    if (x < 4) {
      return true;
    }
    if (x % 2 == 0) {
      return false;
    }
    for (long f = 3; f * f <= x; f += 2) {
      if (x % f == 0) {
        return false;
      }
    }
    return true;
  }
}

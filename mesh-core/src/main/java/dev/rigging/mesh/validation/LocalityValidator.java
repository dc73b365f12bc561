package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.DestinationRule.LocalityLoadBalancerSetting;
import dev.rigging.mesh.api.networking.DestinationRule.LocalityLoadBalancerSetting.Distribute;
import dev.rigging.mesh.api.networking.DestinationRule.LocalityLoadBalancerSetting.Failover;
import dev.rigging.mesh.api.networking.DestinationRule.OutlierDetection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code LocalityValidator} checks locality load balancing: {@code region/zone/subzone} names with
 * at most one trailing {@code *}, non-overlapping, weights that add up to 100, and failover between
 * distinct regions.
 */
final class LocalityValidator {
  private static final Set<String> TOPOLOGY_LABELS =
      Set.of("topology.kubernetes.io/region", "topology.kubernetes.io/zone", "topology.istio.io/subzone");

  private LocalityValidator() {}

  static void validate(Issues issues, String p, LocalityLoadBalancerSetting lb, OutlierDetection outlier) {
    if (lb == null) {
      return;
    }
    if (!lb.distribute().isEmpty() && !lb.failover().isEmpty()) {
      issues.error(p, "set either distribute or failover, not both");
      return;
    }
    if (!lb.failover().isEmpty()) {
      for (int i = 0; i < lb.failoverPriority().size(); i++) {
        if (TOPOLOGY_LABELS.contains(lb.failoverPriority().get(i))) {
          issues.error(Issues.at(p + ".failoverPriority", i), "topology label \"" + lb.failoverPriority().get(i)
              + "\" cannot be used together with failover; failover already orders by region");
        }
      }
    }
    List<String> sources = new ArrayList<>();
    for (int i = 0; i < lb.distribute().size(); i++) {
      Distribute d = lb.distribute().get(i);
      String at = Issues.at(p + ".distribute", i);
      sources.add(d.from());
      long total = 0;
      for (var e : d.to().entrySet()) {
        int w = e.getValue() == null ? 0 : e.getValue();
        if (w < 1 || w > 100) {
          issues.error(Issues.key(at + ".to", e.getKey()), "locality weight " + w + " out of range; must be between 1 and 100");
        }
        total += w;
      }
      if (total != 100) {
        issues.error(at + ".to", "locality weights add up to " + total + "; they must add up to 100");
      }
      issues.errorIfPresent(at + ".to", overlapProblem(new ArrayList<>(d.to().keySet())));
    }
    issues.errorIfPresent(p + ".distribute", overlapProblem(sources));
    if ((!lb.failover().isEmpty() || !lb.failoverPriority().isEmpty()) && outlier == null) {
      issues.warn(p, "failover only happens when outlierDetection is set in the same traffic policy");
    }
    for (int i = 0; i < lb.failover().size(); i++) {
      Failover f = lb.failover().get(i);
      String at = Issues.at(p + ".failover", i);
      if (f.from() != null && f.from().equals(f.to())) {
        issues.error(at, "failover from and to are both \"" + f.from() + "\"; fail over to a different region");
      }
      if (contains(f.from(), "/") || contains(f.to(), "/")) {
        issues.error(at, "failover names regions only (no zone/subzone), e.g. from: us-east1, to: us-west1");
      }
      if (contains(f.from(), "*") || contains(f.to(), "*")) {
        issues.error(at, "failover regions cannot contain '*'; name the regions");
      }
    }
  }

  private static boolean contains(String s, String part) {
    return s != null && s.contains(part);
  }

  /** Localities are region[/zone[/subzone]] with an optional trailing '*'; none may cover another. */
  static String overlapProblem(List<String> localities) {
    List<String[]> seen = new ArrayList<>();
    for (String loc : localities) {
      if (loc == null || loc.isEmpty()) {
        return "empty locality; expected region, region/zone or region/zone/subzone, optionally ending in *";
      }
      long stars = loc.chars().filter(c -> c == '*').count();
      if (stars > 1 || (stars == 1 && !loc.endsWith("*"))) {
        return "locality \"" + loc + "\" may contain only one '*', at the end (e.g. us-east1/*)";
      }
      String[] parts = loc.split("/", 3);
      for (String part : parts) {
        if (part.isEmpty()) {
          return "locality \"" + loc + "\" has an empty region, zone or subzone";
        }
      }
      for (String[] other : seen) {
        if (covers(other, parts) || covers(parts, other)) {
          return "locality \"" + loc + "\" overlaps \"" + String.join("/", other) + "\"; each locality may be listed once and not under a wildcard already listed";
        }
      }
      seen.add(parts);
    }
    return null;
  }

  private static boolean covers(String[] a, String[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i].equals("*")) {
        return true;
      }
      if (i >= b.length) {
        return false;
      }
      if (!a[i].equals(b[i])) {
        return false;
      }
    }
    // a is a prefix of b: "us-east1" covers "us-east1/zone1"
    return true;
  }
}

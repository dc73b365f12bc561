package dev.rigging.istiod.networking;

import dev.rigging.istiod.registry.Locality;
import dev.rigging.mesh.api.networking.DestinationRule.LocalityLoadBalancerSetting;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code LocalityLoadBalancing} applies Istio's locality load balancing to one cluster's endpoint
 * groups for a client at a locality: {@code distribute} rewrites locality weights (dropping
 * localities no rule sends traffic to); otherwise, when outlier detection is on, priorities
 * follow proximity (same subzone 0, same zone 1, same region 2, elsewhere 3, regions outside a
 * {@code failover} target 4), renumbered contiguously from 0.
 */
final class LocalityLoadBalancing {
  private LocalityLoadBalancing() {}

  static List<LocalityLbEndpoints> apply(List<LocalityLbEndpoints> groups, Locality client, EffectivePolicy policy) {
    LocalityLoadBalancerSetting setting = policy.locality();
    if (setting == null || groups.isEmpty()) {
      return groups;
    }
    if (!setting.distribute().isEmpty()) {
      return distribute(groups, client, setting.distribute());
    }
    if (policy.outlierDetection() != null) {
      return failover(groups, client, setting.failover());
    }
    return groups;
  }

  private static List<LocalityLbEndpoints> failover(List<LocalityLbEndpoints> groups, Locality client,
      List<LocalityLoadBalancerSetting.Failover> failover) {
    int[] raw = new int[groups.size()];
    TreeSet<Integer> used = new TreeSet<>();
    for (int i = 0; i < groups.size(); i++) {
      var l = groups.get(i).getLocality();
      int p = proximity(client, l.getRegion(), l.getZone(), l.getSubZone());
      if (p == 3) {
        for (LocalityLoadBalancerSetting.Failover f : failover) {
          if (client.region().equals(f.from())) {
            if (!l.getRegion().equals(f.to())) {
              p = 4;
            }
            break;
          }
        }
      }
      raw[i] = p;
      used.add(p);
    }
    List<Integer> order = new ArrayList<>(used);
    List<LocalityLbEndpoints> out = new ArrayList<>(groups.size());
    for (int i = 0; i < groups.size(); i++) {
      out.add(groups.get(i).toBuilder().setPriority(order.indexOf(raw[i])).build());
    }
    return out;
  }

  private static int proximity(Locality client, String region, String zone, String subzone) {
    if (!client.region().equals(region)) {
      return 3;
    }
    if (!client.zone().equals(zone)) {
      return 2;
    }
    return client.subzone().equals(subzone) ? 0 : 1;
  }

  private static List<LocalityLbEndpoints> distribute(List<LocalityLbEndpoints> groups, Locality client,
      List<LocalityLoadBalancerSetting.Distribute> rules) {
    for (LocalityLoadBalancerSetting.Distribute rule : rules) {
      if (rule.from() == null || !matches(client.region(), client.zone(), client.subzone(), rule.from())) {
        continue;
      }
      Integer[] weights = new Integer[groups.size()];
      for (Map.Entry<String, Integer> to : rule.to().entrySet()) {
        long total = 0;
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
          var l = groups.get(i).getLocality();
          if (weights[i] == null && matches(l.getRegion(), l.getZone(), l.getSubZone(), to.getKey())) {
            members.add(i);
            total += groups.get(i).getLoadBalancingWeight().getValue();
          }
        }
        for (int i : members) {
          long original = groups.get(i).getLoadBalancingWeight().getValue();
          weights[i] = (int) Math.ceil((double) original * to.getValue() / total);
        }
      }
      List<LocalityLbEndpoints> out = new ArrayList<>();
      for (int i = 0; i < groups.size(); i++) {
        if (weights[i] != null && weights[i] > 0) {
          out.add(groups.get(i).toBuilder().setLoadBalancingWeight(Protos.u32(weights[i])).build());
        }
      }
      return out;
    }
    return groups;
  }

  /** Istio's locality pattern match: {@code region/zone/subzone}, {@code *} or missing parts match anything. */
  static boolean matches(String region, String zone, String subzone, String pattern) {
    Locality rule = Locality.parse(pattern);
    boolean r = rule.region().equals("*") || rule.region().equals(region);
    boolean z = rule.zone().equals("*") || rule.zone().isEmpty() || rule.zone().equals(zone);
    boolean s = rule.subzone().equals("*") || rule.subzone().isEmpty() || rule.subzone().equals(subzone);
    return r && z && s;
  }
}

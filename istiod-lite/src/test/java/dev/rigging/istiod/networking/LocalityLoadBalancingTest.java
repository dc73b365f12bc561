package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.registry.Locality;
import dev.rigging.mesh.api.networking.DestinationRule;
import dev.rigging.mesh.api.networking.DestinationRule.LocalityLoadBalancerSetting;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalityLoadBalancingTest {
  private static final List<LocalityLbEndpoints> GROUPS = List.of(
      group("eu", "z1", 1), group("us-east", "a", 2), group("us-east", "b", 2), group("us-west", "c", 4));

  private static LocalityLbEndpoints group(String region, String zone, int weight) {
    return LocalityLbEndpoints.newBuilder()
        .setLocality(io.envoyproxy.envoy.config.core.v3.Locality.newBuilder().setRegion(region).setZone(zone))
        .setLoadBalancingWeight(Protos.u32(weight)).build();
  }

  private static EffectivePolicy policy(LocalityLoadBalancerSetting s, boolean outlier) {
    return new EffectivePolicy(null, new DestinationRule.LoadBalancerSettings(null, null, s, null, null),
        outlier ? new DestinationRule.OutlierDetection(null, null, null, null, 5, null, null, null, null) : null, null);
  }

  @Test
  void failoverPrioritiesFollowProximityAndAreContiguous() {
    var failover = List.of(new LocalityLoadBalancerSetting.Failover("us-east", "eu"));
    var s = new LocalityLoadBalancerSetting(List.of(), failover, List.of(), null);
    var out = LocalityLoadBalancing.apply(GROUPS, Locality.parse("us-east/a"), policy(s, true));
    assertThat(out).extracting(LocalityLbEndpoints::getPriority).containsExactly(2, 0, 1, 3);
  }

  @Test
  void withoutOutlierDetectionThereIsNoFailover() {
    var s = new LocalityLoadBalancerSetting(List.of(), List.of(), List.of(), null);
    assertThat(LocalityLoadBalancing.apply(GROUPS, Locality.parse("us-east/a"), policy(s, false)))
        .isSameAs(GROUPS);
  }

  @Test
  void distributeRewritesWeightsAndDropsUnlistedLocalities() {
    Map<String, Integer> to = new LinkedHashMap<>();
    to.put("us-east/*", 80);
    to.put("us-west/c", 20);
    var s = new LocalityLoadBalancerSetting(List.of(new LocalityLoadBalancerSetting.Distribute("us-east/a/*", to)),
        List.of(), List.of(), null);
    var out = LocalityLoadBalancing.apply(GROUPS, Locality.parse("us-east/a/rack1"), policy(s, false));
    assertThat(out).extracting(g -> g.getLocality().getRegion() + "/" + g.getLocality().getZone() + "="
        + g.getLoadBalancingWeight().getValue()).containsExactly("us-east/a=40", "us-east/b=40", "us-west/c=20");
    assertThat(LocalityLoadBalancing.apply(GROUPS, Locality.parse("eu/z1"), policy(s, false)))
        .as("no rule for this client").isSameAs(GROUPS);
  }
}

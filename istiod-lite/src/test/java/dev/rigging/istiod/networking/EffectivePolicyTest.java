package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.model.MeshSettings;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.model.ResolvedDestinationRule;
import dev.rigging.mesh.api.networking.DestinationRule.SimpleLB;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code EffectivePolicyTest} pins Istio's merge order of destination, port-level and subset policies. */
class EffectivePolicyTest {
  private static final String CONFIG = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: svc, namespace: ns}
      spec:
        hosts: [svc.ns.svc.cluster.local]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 80, name: http, protocol: HTTP}, {number: 81, name: http2, protocol: HTTP}]
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: svc, namespace: ns}
      spec:
        host: svc
        trafficPolicy:
          loadBalancer: {simple: RANDOM, localityLbSetting: {enabled: false}}
          connectionPool: {tcp: {maxConnections: 7}}
          outlierDetection: {consecutive5xxErrors: 3}
          portLevelSettings:
          - port: {number: 81}
            loadBalancer: {simple: LEAST_REQUEST}
        subsets:
        - name: lb-only
          labels: {v: "1"}
          trafficPolicy:
            loadBalancer: {simple: ROUND_ROBIN}
        - name: port-level
          labels: {v: "2"}
          trafficPolicy:
            connectionPool: {tcp: {maxConnections: 1}}
            portLevelSettings:
            - port: {number: 80}
              outlierDetection: {consecutive5xxErrors: 9}
      """;

  private final PushContext push = TestMesh.push(CONFIG, MeshSettings.DEFAULT, Map.of());
  private final ResolvedDestinationRule rule = push.destinationRule(
      push.scope(TestMesh.sidecar("ns", "10.0.0.1", Map.of())),
      push.service("svc.ns.svc.cluster.local", "ns").orElseThrow());

  @Test
  void destinationLevelAppliesToPortsWithoutPortLevelSettings() {
    EffectivePolicy p = EffectivePolicy.of(rule, null, 80);
    assertThat(p.loadBalancer().simple()).isEqualTo(SimpleLB.RANDOM);
    assertThat(p.connectionPool().tcp().maxConnections()).isEqualTo(7);
    assertThat(p.outlierDetection().consecutive5xxErrors()).isEqualTo(3);
    assertThat(p.locality()).as("enabled: false turns locality load balancing off").isNull();
  }

  @Test
  void portLevelSettingsReplaceTheDestinationLevelWholesale() {
    EffectivePolicy p = EffectivePolicy.of(rule, null, 81);
    assertThat(p.loadBalancer().simple()).isEqualTo(SimpleLB.LEAST_REQUEST);
    assertThat(p.connectionPool()).as("omitted port-level fields fall back to defaults").isNull();
    assertThat(p.outlierDetection()).isNull();
    assertThat(p.locality()).as("the mesh default applies again").isNotNull();
  }

  @Test
  void subsetFieldsOverrideOneByOne() {
    EffectivePolicy p = EffectivePolicy.of(rule, "lb-only", 80);
    assertThat(p.loadBalancer().simple()).isEqualTo(SimpleLB.ROUND_ROBIN);
    assertThat(p.connectionPool().tcp().maxConnections()).isEqualTo(7);
    assertThat(p.outlierDetection().consecutive5xxErrors()).isEqualTo(3);
    EffectivePolicy onPort81 = EffectivePolicy.of(rule, "lb-only", 81);
    assertThat(onPort81.loadBalancer().simple()).isEqualTo(SimpleLB.ROUND_ROBIN);
    assertThat(onPort81.outlierDetection()).as("base is the port-level policy of 81").isNull();
  }

  @Test
  void subsetPortLevelSettingsReplaceEverything() {
    EffectivePolicy p = EffectivePolicy.of(rule, "port-level", 80);
    assertThat(p.outlierDetection().consecutive5xxErrors()).isEqualTo(9);
    assertThat(p.connectionPool()).isNull();
    assertThat(p.loadBalancer()).isNull();
    EffectivePolicy other = EffectivePolicy.of(rule, "port-level", 81);
    assertThat(other.connectionPool().tcp().maxConnections()).isEqualTo(1);
    assertThat(other.loadBalancer().simple()).isEqualTo(SimpleLB.LEAST_REQUEST);
  }

  @Test
  void noRuleMeansNoPolicy() {
    assertThat(EffectivePolicy.of(null, "x", 80)).isEqualTo(EffectivePolicy.NONE);
    assertThat(EffectivePolicy.of(rule, "unknown-subset", 80)).isEqualTo(EffectivePolicy.of(rule, null, 80));
  }
}

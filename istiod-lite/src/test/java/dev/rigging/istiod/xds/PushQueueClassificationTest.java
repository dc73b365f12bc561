package dev.rigging.istiod.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.networking.TestMesh;
import org.junit.jupiter.api.Test;

/**
 * {@code PushQueueClassificationTest} checks which changes may be pushed as EDS alone: endpoint
 * moves may, but changes of what clusters read from endpoints (service accounts, used as SANs, and
 * whether endpoints take mTLS) need a full push, as in Istio.
 */
class PushQueueClassificationTest {
  private static final String SERVICE = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: ratings, namespace: shop}
      spec:
        hosts: [ratings.shop.svc.cluster.local]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 9080, name: http}]
        workloadSelector: {labels: {app: ratings}}
      ---
      """;

  private static PushContext with(String workloadEntrySpec) {
    return TestMesh.push(SERVICE + """
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata: {name: ratings-1, namespace: shop}
        spec: %s
        """.formatted(workloadEntrySpec));
  }

  private static boolean endpointsOnly(PushContext before, PushContext after) {
    return PushQueue.endpointsOnly(before.config(), after.config(), before.registry(), after.registry());
  }

  @Test
  void movingAnEndpointIsAnEndpointPush() {
    assertThat(endpointsOnly(with("{address: 10.2.0.1, labels: {app: ratings}, serviceAccount: ratings}"),
        with("{address: 10.2.0.2, labels: {app: ratings}, serviceAccount: ratings}"))).isTrue();
  }

  @Test
  void aNewServiceAccountOrTlsModeIsAFullPush() {
    PushContext plain = with("{address: 10.2.0.1, labels: {app: ratings}}");
    assertThat(endpointsOnly(plain, with("{address: 10.2.0.1, labels: {app: ratings}, serviceAccount: ratings}")))
        .as("new SAN").isFalse();
    assertThat(endpointsOnly(plain,
        with("{address: 10.2.0.1, labels: {app: ratings, security.istio.io/tlsMode: istio}}")))
        .as("endpoint now takes mTLS").isFalse();
  }
}

package dev.rigging.istiod.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.networking.TestMesh;
import dev.rigging.istiod.registry.MeshService;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ServiceIdentityTest} covers what clients know about a destination's security: the SPIFFE
 * identities its workloads present, and Istio's best-effort guess of the mode they accept.
 */
class ServiceIdentityTest {
  private static final String SERVICES = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: reviews, namespace: shop}
      spec:
        hosts: [reviews.shop.svc.cluster.local]
        location: MESH_INTERNAL
        resolution: STATIC
        subjectAltNames: ["spiffe://legacy.example/ns/shop/sa/old"]
        ports: [{number: 9080, name: http}, {number: 9090, name: tcp, protocol: TCP}]
        endpoints:
        - {address: 10.1.0.1, serviceAccount: reviews-v1}
        - {address: 10.1.0.2, serviceAccount: reviews-v2}
        - {address: 10.1.0.3, serviceAccount: reviews-v1}
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: headless, namespace: shop}
      spec:
        hosts: [headless.shop.svc.cluster.local]
        location: MESH_INTERNAL
        resolution: NONE
        ports: [{number: 80, name: http}]
        endpoints:
        - {address: 10.1.0.7, serviceAccount: web}
        - {address: 10.1.0.8, labels: {security.istio.io/tlsMode: custom}}
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: external, namespace: shop}
      spec:
        hosts: [api.example.com]
        location: MESH_EXTERNAL
        resolution: DNS
        ports: [{number: 443, name: tls, protocol: TLS}]
      """;

  @Test
  void serviceAccountsAreSortedSpiffeUrisOfEveryEndpointPlusSubjectAltNames() {
    PushContext push = TestMesh.push(SERVICES, new MeshSettings("istio-system", "cluster.local", "corp.example",
        true, 10_000, true, true), Map.of());
    MeshService reviews = push.service("reviews.shop.svc.cluster.local", "shop").orElseThrow();
    assertThat(push.serviceAccounts(reviews)).containsExactly(
        "spiffe://corp.example/ns/shop/sa/reviews-v1",
        "spiffe://corp.example/ns/shop/sa/reviews-v2",
        "spiffe://legacy.example/ns/shop/sa/old");
    MeshService external = push.service("api.example.com", "shop").orElseThrow();
    assertThat(push.serviceAccounts(external)).isEmpty();
  }

  @Test
  void serviceModeFollowsNamespacePoliciesAndForPassthroughTheEndpoints() {
    PushContext push = TestMesh.push(SERVICES);
    MeshService reviews = push.service("reviews.shop.svc.cluster.local", "shop").orElseThrow();
    MeshService headless = push.service("headless.shop.svc.cluster.local", "shop").orElseThrow();
    MeshService external = push.service("api.example.com", "shop").orElseThrow();
    assertThat(push.serviceMtlsMode(reviews, 9080, false)).isEqualTo(MtlsMode.PERMISSIVE);
    assertThat(push.serviceMtlsMode(external, 443, false)).isEqualTo(MtlsMode.UNKNOWN);
    // Passthrough: one endpoint without mTLS disables it; a custom tlsMode is not "disabled".
    assertThat(push.serviceMtlsMode(headless, 80, false)).isEqualTo(MtlsMode.PERMISSIVE);
    // A PASSTHROUGH load balancer counts the same way; no endpoints at all means DISABLE.
    assertThat(push.serviceMtlsMode(reviews, 9999, true)).isEqualTo(MtlsMode.DISABLE);

    PushContext strict = TestMesh.push(SERVICES + """
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: shop, namespace: shop}
        spec: {mtls: {mode: STRICT}}
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: reviews, namespace: shop}
        spec: {selector: {matchLabels: {app: reviews}}, mtls: {mode: DISABLE}}
        """);
    MeshService r = strict.service("reviews.shop.svc.cluster.local", "shop").orElseThrow();
    // Workload-level policies are not consulted: clients cannot know which workload they reach.
    assertThat(strict.serviceMtlsMode(r, 9080, false)).isEqualTo(MtlsMode.STRICT);
  }

  @Test
  void passthroughWithAnEndpointWithoutMtlsIsDisabled() {
    PushContext push = TestMesh.push("""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: mixed, namespace: shop}
        spec:
          hosts: [mixed.shop.svc.cluster.local]
          location: MESH_INTERNAL
          resolution: NONE
          ports: [{number: 80, name: http}]
          endpoints:
          - {address: 10.1.0.7, serviceAccount: web}
          - {address: 10.1.0.8}
        """);
    MeshService mixed = push.service("mixed.shop.svc.cluster.local", "shop").orElseThrow();
    assertThat(push.serviceMtlsMode(mixed, 80, false)).isEqualTo(MtlsMode.DISABLE);
  }
}

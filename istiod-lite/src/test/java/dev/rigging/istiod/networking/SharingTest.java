package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyType;
import dev.rigging.istiod.model.PushContext;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code SharingTest} checks that proxies with equal inputs get the same protobuf instances from one
 * push (serialization is cached per instance), and that a proxy with different inputs does not.
 */
class SharingTest {
  private static final String CONFIG = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: reviews, namespace: shop}
      spec:
        hosts: [reviews.shop.svc.cluster.local]
        addresses: [10.96.0.20]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 9080, name: http, protocol: HTTP}]
        exportTo: ["."]
        endpoints:
        - {address: 10.1.0.21, labels: {version: v1}}
        - {address: 10.1.0.22, labels: {version: v2}}
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: ratings, namespace: backend}
      spec:
        hosts: [ratings.backend.svc.cluster.local]
        addresses: [10.96.0.30]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 9080, name: http, protocol: HTTP}]
        endpoints: [{address: 10.1.0.31}]
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews, namespace: shop}
      spec:
        host: reviews
        subsets:
        - {name: v1, labels: {version: v1}}
        - {name: v2, labels: {version: v2}}
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews, namespace: shop}
      spec:
        hosts: [reviews]
        http:
        - match: [{sourceLabels: {track: canary}}]
          route: [{destination: {host: reviews, subset: v2}}]
        - route: [{destination: {host: reviews, subset: v1}}]
      """;

  private final PushContext push = TestMesh.push(CONFIG);

  @Test
  void proxiesWithEqualInputsShareEveryResourceInstance() {
    // Different pods, IPs and irrelevant labels; same namespace, Sidecar scope and source-label matches.
    Proxy a = TestMesh.sidecar("shop", "10.1.0.50", Map.of("app", "web", "pod-template-hash", "abc"));
    Proxy b = TestMesh.sidecar("shop", "10.1.0.51", Map.of("app", "web", "pod-template-hash", "def"));
    assertThat(push.scope(a)).isEqualTo(push.scope(b));
    assertSameInstances(ClusterBuilder.build(push, a), ClusterBuilder.build(push, b));
    assertSameInstances(EndpointBuilder.build(push, a), EndpointBuilder.build(push, b));
    assertSameInstances(RouteBuilder.build(push, a), RouteBuilder.build(push, b));
    assertSameInstances(ListenerBuilder.build(push, a), ListenerBuilder.build(push, b));
  }

  @Test
  void proxiesWithDifferentVisibilityGetDifferentResources() {
    Proxy shop = TestMesh.sidecar("shop", "10.1.0.50", Map.of("app", "web"));
    Proxy other = TestMesh.sidecar("other", "10.1.0.60", Map.of("app", "web"));
    List<RouteConfiguration> shopRoutes = RouteBuilder.build(push, shop);
    List<RouteConfiguration> otherRoutes = RouteBuilder.build(push, other);
    assertThat(otherRoutes.get(0)).isNotSameAs(shopRoutes.get(0)).isNotEqualTo(shopRoutes.get(0));
    assertThat(names(ClusterBuilder.build(push, other)))
        .doesNotContain("outbound|9080||reviews.shop.svc.cluster.local");
    // The ratings clusters are the same for both namespaces: shared even across scopes.
    Cluster ratingsShop = find(ClusterBuilder.build(push, shop), "outbound|9080||ratings.backend.svc.cluster.local");
    Cluster ratingsOther = find(ClusterBuilder.build(push, other), "outbound|9080||ratings.backend.svc.cluster.local");
    assertThat(ratingsOther).isSameAs(ratingsShop);
  }

  @Test
  void sourceLabelsThatChangeRoutesSplitTheSharing() {
    Proxy stable = TestMesh.sidecar("shop", "10.1.0.50", Map.of("app", "web"));
    Proxy canary = TestMesh.sidecar("shop", "10.1.0.52", Map.of("app", "web", "track", "canary"));
    assertThat(push.scope(canary)).isNotEqualTo(push.scope(stable));
    assertThat(RouteBuilder.build(push, canary).get(0)).isNotSameAs(RouteBuilder.build(push, stable).get(0));
    // Clusters do not depend on source labels: still shared.
    assertSameInstances(ClusterBuilder.build(push, stable), ClusterBuilder.build(push, canary));
  }

  @Test
  void manyProxiesCostOneTranslationPerScope() {
    Set<Object> routeInstances = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Object> clusterInstances = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < 200; i++) {
      String ns = i % 2 == 0 ? "shop" : "backend";
      Proxy p = TestMesh.sidecar(ns, "10.5." + (i / 250) + "." + (i % 250), Map.of("app", "app" + i));
      routeInstances.addAll(RouteBuilder.build(push, p));
      clusterInstances.addAll(ClusterBuilder.build(push, p));
    }
    assertThat(routeInstances).as("one route configuration per namespace").hasSize(2);
    // shop sees reviews (default + 2 subsets) and ratings; backend sees ratings; plus 3 catch-all clusters.
    assertThat(clusterInstances).hasSize(4 + 3);
  }

  @Test
  void proxylessClientsShareToo() {
    Proxy a = TestMesh.at(ProxyType.PROXYLESS, "shop", "10.1.0.70", Map.of("app", "grpc"), "eu/a");
    Proxy b = TestMesh.at(ProxyType.PROXYLESS, "shop", "10.1.0.71", Map.of("app", "grpc"), "eu/b");
    assertSameInstances(ClusterBuilder.build(push, a), ClusterBuilder.build(push, b));
    assertSameInstances(RouteBuilder.build(push, a), RouteBuilder.build(push, b));
    List<ClusterLoadAssignment> ea = EndpointBuilder.build(push, a);
    assertSameInstances(ea, EndpointBuilder.build(push, b));
    List<Listener> la = ListenerBuilder.build(push, a);
    assertSameInstances(la, ListenerBuilder.build(push, b));
  }

  @Test
  void peerAuthenticationSplitsInboundSharingOnlyWhereItApplies() {
    PushContext strict = TestMesh.push(CONFIG + """
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: reviews-v2, namespace: shop}
        spec:
          selector: {matchLabels: {version: v2}}
          mtls: {mode: STRICT}
        """);
    // Same address, so the same inbound ports; only the PeerAuthentication selection differs.
    Proxy v1a = TestMesh.sidecar("shop", "10.1.0.21", Map.of("app", "reviews", "version", "v1", "pod", "a"));
    Proxy v1b = TestMesh.sidecar("shop", "10.1.0.21", Map.of("app", "reviews", "version", "v1", "pod", "b"));
    Proxy v2 = TestMesh.sidecar("shop", "10.1.0.21", Map.of("app", "reviews", "version", "v2"));
    assertSameInstances(ListenerBuilder.build(strict, v1a), ListenerBuilder.build(strict, v1b));
    Listener inboundV1 = find(ListenerBuilder.build(strict, v1a));
    Listener inboundV2 = find(ListenerBuilder.build(strict, v2));
    assertThat(inboundV2).isNotSameAs(inboundV1).isNotEqualTo(inboundV1);
    // Clusters do not depend on the proxy's own PeerAuthentication.
    assertSameInstances(ClusterBuilder.build(strict, v1a), ClusterBuilder.build(strict, v2));
  }

  private static Listener find(List<Listener> listeners) {
    return listeners.stream().filter(l -> l.getName().equals("virtualInbound")).findFirst().orElseThrow();
  }

  private static void assertSameInstances(List<?> a, List<?> b) {
    assertThat(a).isNotEmpty().hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i)).as("element %d", i).isSameAs(a.get(i));
    }
  }

  private static List<String> names(List<Cluster> clusters) {
    return clusters.stream().map(Cluster::getName).toList();
  }

  private static Cluster find(List<Cluster> clusters, String name) {
    return clusters.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }
}

package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.networking.RouteSimulator.Request;
import dev.rigging.istiod.networking.RouteSimulator.Result;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code RouteSimulationTest} sends requests through generated config the way the data plane
 * routes them and checks which cluster, weights or action they end at.
 */
class RouteSimulationTest {
  private static final String SERVICES = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: reviews, namespace: shop}
      spec:
        hosts: [reviews.shop.svc.cluster.local]
        addresses: [10.96.0.20]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 9080, name: http, protocol: HTTP}]
        endpoints:
        - {address: 10.1.0.21, labels: {version: v1}}
        - {address: 10.1.0.22, labels: {version: v2}}
        - {address: 10.1.0.23, labels: {version: v3}}
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: productpage, namespace: shop}
      spec:
        hosts: [productpage.shop.svc.cluster.local]
        addresses: [10.96.0.10]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 9080, name: http, protocol: HTTP}]
        endpoints: [{address: 10.1.0.11}]
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: ratings, namespace: backend}
      spec:
        hosts: [ratings.backend.svc.cluster.local, details.backend.svc.cluster.local]
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
        - {name: v3, labels: {version: v3}}
      """;

  private static final String ROUTING = SERVICES + """
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews, namespace: shop, creationTimestamp: "2024-01-01T00:00:00Z"}
      spec:
        hosts: [reviews]
        http:
        - name: jason
          match: [{headers: {end-user: {exact: jason}}}]
          route: [{destination: {host: reviews, subset: v2}}]
        - name: api-v3
          match:
          - uri: {prefix: /api/v3}
            ignoreUriCase: true
          - uri: {regex: "/items/[0-9]+"}
            method: {exact: POST}
          route: [{destination: {host: reviews, subset: v3}}]
        - name: beta-unless-stable
          match:
          - uri: {prefix: /beta}
            withoutHeaders: {x-stable: {prefix: "yes"}}
          route: [{destination: {host: reviews, subset: v2}}]
        - name: testers
          match: [{sourceLabels: {app: tester}}]
          route:
          - {destination: {host: reviews, subset: v1}, weight: 50}
          - {destination: {host: reviews, subset: v2}, weight: 50}
        - name: default
          route:
          - {destination: {host: reviews, subset: v1}, weight: 80}
          - {destination: {host: reviews, subset: v2}, weight: 20}
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews-newer, namespace: shop, creationTimestamp: "2024-06-01T00:00:00Z"}
      spec:
        hosts: [reviews.shop.svc.cluster.local]
        http:
        - route: [{destination: {host: reviews, subset: v3}}]
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: shop-wildcard, namespace: shop}
      spec:
        hosts: ["*.shop.svc.cluster.local"]
        http:
        - route: [{destination: {host: productpage}}]
          timeout: 7s
      """;

  private final PushContext push = TestMesh.push(ROUTING);
  private final Proxy client = TestMesh.sidecar("shop", "10.1.0.50", Map.of("app", "web"));

  private Result route(Proxy proxy, Request req) {
    return RouteSimulator.sidecar(push, proxy, 9080, req).orElseThrow();
  }

  @Test
  void firstMatchingRouteWinsAndCatchAllSplitsByWeight() {
    assertThat(route(client, Request.get("reviews:9080", "/").with("end-user", "jason")).cluster())
        .isEqualTo("outbound|9080|v2|reviews.shop.svc.cluster.local");
    assertThat(route(client, Request.get("reviews.shop.svc.cluster.local", "/")).weights()).containsExactly(
        Map.entry("outbound|9080|v1|reviews.shop.svc.cluster.local", 80),
        Map.entry("outbound|9080|v2|reviews.shop.svc.cluster.local", 20));
  }

  @Test
  void uriMatchesHonourCaseAndMethod() {
    assertThat(route(client, Request.get("reviews", "/API/V3/list")).route().getName()).isEqualTo("api-v3");
    assertThat(route(client, Request.get("reviews", "/items/42").method("POST")).cluster())
        .isEqualTo("outbound|9080|v3|reviews.shop.svc.cluster.local");
    assertThat(route(client, Request.get("reviews", "/items/42")).route().getName()).isEqualTo("default");
    assertThat(route(client, Request.get("reviews", "/items/42x").method("POST")).route().getName())
        .as("RE2 full match").isEqualTo("default");
  }

  @Test
  void withoutHeadersInvertsTheMatchAndTreatsMissingAsEmpty() {
    assertThat(route(client, Request.get("reviews", "/beta/x")).route().getName()).isEqualTo("beta-unless-stable");
    assertThat(route(client, Request.get("reviews", "/beta/x").with("x-stable", "yes-please")).route().getName())
        .isEqualTo("default");
  }

  @Test
  void sourceLabelsSelectRoutesOnlyForMatchingWorkloads() {
    Proxy tester = TestMesh.sidecar("shop", "10.1.0.51", Map.of("app", "tester"));
    assertThat(route(tester, Request.get("reviews", "/")).weights().values()).containsExactly(50, 50);
    assertThat(route(client, Request.get("reviews", "/")).weights().values()).containsExactly(80, 20);
    assertThat(RouteBuilder.build(push, tester)).isNotSameAs(RouteBuilder.build(push, client));
  }

  @Test
  void olderVirtualServiceOwnsAHostAndWildcardsClaimTheRest() {
    Result reviews = route(client, Request.get("reviews", "/"));
    assertThat(reviews.route().getName()).isEqualTo("default");
    assertThat(reviews.weights()).doesNotContainKey("outbound|9080|v3|reviews.shop.svc.cluster.local");
    Result productpage = route(client, Request.get("productpage.shop", "/"));
    assertThat(productpage.cluster()).isEqualTo("outbound|9080||productpage.shop.svc.cluster.local");
    assertThat(productpage.route().getRoute().getTimeout().getSeconds()).isEqualTo(7);
  }

  @Test
  void unknownHostsPassThroughOrAreBlockedPerOutboundPolicy() {
    assertThat(route(client, Request.get("example.org", "/")).cluster()).isEqualTo(ClusterNames.PASSTHROUGH);
    PushContext strict = TestMesh.push(ROUTING + """
        ---
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: default, namespace: shop}
        spec:
          outboundTrafficPolicy: {mode: REGISTRY_ONLY}
        """);
    Result blocked = RouteSimulator.sidecar(strict, client, 9080, Request.get("example.org", "/")).orElseThrow();
    assertThat(blocked.virtualHost().getName()).isEqualTo("block_all");
    assertThat(blocked.route().getDirectResponse().getStatus()).isEqualTo(502);
  }

  @Test
  void proxylessClientsRouteByTheirDialTarget() {
    Proxy grpc = TestMesh.proxyless("shop", "10.1.0.60", Map.of("app", "web"));
    Result viaShortName = RouteSimulator.proxyless(push, grpc,
        Request.get("reviews:9080", "/x").with("end-user", "jason")).orElseThrow();
    assertThat(viaShortName.routeConfig()).isEqualTo("reviews.shop.svc.cluster.local:9080");
    assertThat(viaShortName.cluster()).isEqualTo("outbound|9080|v2|reviews.shop.svc.cluster.local");
    Result viaFqdn = RouteSimulator.proxyless(push, grpc,
        Request.get("reviews.shop.svc.cluster.local:9080", "/")).orElseThrow();
    assertThat(viaFqdn.weights().values()).containsExactly(80, 20);
    assertThat(RouteSimulator.proxyless(push, grpc, Request.get("reviews.shop:9080", "/"))).isPresent();
    Proxy elsewhere = TestMesh.proxyless("other", "10.1.0.61", Map.of());
    assertThat(RouteSimulator.proxyless(push, elsewhere, Request.get("reviews:9080", "/")))
        .as("short names resolve only in the client's own namespace").isEmpty();
  }

  @Test
  void destinationRulesFollowNamespacePrecedence() {
    PushContext p = TestMesh.push(SERVICES + """
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: ratings-for-shop, namespace: shop}
        spec:
          host: ratings.backend.svc.cluster.local
          trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: x-shop}}}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: ratings, namespace: backend}
        spec:
          host: ratings
          trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: x-backend}}}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: backend-default, namespace: istio-system}
        spec:
          host: "*.backend.svc.cluster.local"
          trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: x-root}, simple: ROUND_ROBIN}}
        """);
    Proxy shop = TestMesh.sidecar("shop", "10.1.0.50", Map.of());
    Proxy other = TestMesh.sidecar("other", "10.1.0.70", Map.of());
    assertThat(hashHeader(p, shop, "ratings.backend.svc.cluster.local")).isEqualTo("x-shop");
    assertThat(hashHeader(p, other, "ratings.backend.svc.cluster.local")).isEqualTo("x-backend");
    assertThat(hashHeader(p, other, "details.backend.svc.cluster.local")).isEqualTo("x-root");
    assertThat(cluster(p, shop, "outbound|9080||ratings.backend.svc.cluster.local").getLbPolicy())
        .isEqualTo(Cluster.LbPolicy.RING_HASH);
  }

  private static String hashHeader(PushContext p, Proxy proxy, String host) {
    Result r = RouteSimulator.sidecar(p, proxy, 9080, Request.get(host, "/")).orElseThrow();
    List<RouteAction.HashPolicy> hash = r.route().getRoute().getHashPolicyList();
    assertThat(hash).hasSize(1);
    return hash.get(0).getHeader().getHeaderName();
  }

  private static Cluster cluster(PushContext p, Proxy proxy, String name) {
    return ClusterBuilder.build(p, proxy).stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void gatewaysServeOnlyVirtualServicesBoundTheWayIstioAllows() throws Exception {
    PushContext p = GoldenTest.load(GoldenTest.ROOT.resolve("gateway")).push();
    Proxy gw = TestMesh.router("istio-system", "10.0.9.1", Map.of("istio", "ingressgateway"));
    Result shop = RouteSimulator.gateway(p, gw, 80, Request.get("shop.example.com", "/cart")).orElseThrow();
    assertThat(shop.cluster()).as("bound by istio-system/public from namespace shop")
        .isEqualTo("outbound|8080||web.shop.svc.cluster.local");
    Result bookinfo = RouteSimulator.gateway(p, gw, 80, Request.get("bookinfo.example.com", "/")).orElseThrow();
    assertThat(bookinfo.cluster()).as("the shop VirtualService naming 'public' means shop/public")
        .isEqualTo("outbound|9080||productpage.bookinfo.svc.cluster.local");
    Result https = RouteSimulator.gateway(p, gw, 443, Request.get("bookinfo.example.com", "/static/a.css"))
        .orElseThrow();
    assertThat(https.routeConfig()).isEqualTo("https.443.https-bookinfo.public.istio-system");
    assertThat(https.route().getResponseHeadersToAddList())
        .anyMatch(h -> h.getHeader().getKey().equals("cache-control"));
    assertThat(RouteSimulator.gateway(p, gw, 80, Request.get("unknown.example.com", "/"))).isEmpty();
    Result redirect = RouteSimulator.gateway(p, gw, 80, Request.get("old.example.com", "/")).orElseThrow();
    assertThat(redirect.virtualHost().getRequireTls().name()).isEqualTo("ALL");
    Proxy other = TestMesh.router("istio-system", "10.0.9.2", Map.of("istio", "internalgateway"));
    assertThat(RouteSimulator.gateway(p, other, 80, Request.get("shop.example.com", "/"))).isEmpty();
  }
}

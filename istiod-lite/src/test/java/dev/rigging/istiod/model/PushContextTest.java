package dev.rigging.istiod.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.networking.TestMesh;
import dev.rigging.istiod.registry.MeshService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code PushContextTest} covers the indexes translation queries: Sidecar selection and egress
 * imports, service visibility, DestinationRule precedence, VirtualService resolution and proxy scopes.
 */
class PushContextTest {
  private static final String CONFIG = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: a, namespace: shop, creationTimestamp: "2023-01-01T00:00:00Z"}
      spec:
        hosts: [a.shop.svc.cluster.local, dup.example.com]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 80, name: http, protocol: HTTP}]
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: b, namespace: backend, creationTimestamp: "2023-06-01T00:00:00Z"}
      spec:
        hosts: [b.backend.svc.cluster.local, dup.example.com]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 80, name: http, protocol: HTTP}, {number: 81, name: tcp, protocol: TCP}]
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: private, namespace: backend}
      spec:
        hosts: [private.backend.svc.cluster.local]
        exportTo: ["."]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 80, name: http, protocol: HTTP}]
      ---
      apiVersion: networking.istio.io/v1
      kind: Sidecar
      metadata: {name: default, namespace: shop}
      spec:
        egress:
        - port: {number: 81, protocol: TCP, name: tcp}
          hosts: ["backend/*"]
        - hosts: ["./*", "~/*"]
      ---
      apiVersion: networking.istio.io/v1
      kind: Sidecar
      metadata: {name: narrow, namespace: shop}
      spec:
        workloadSelector: {labels: {app: narrow}}
        egress:
        - hosts: ["*/b.backend.svc.cluster.local"]
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: b-selected, namespace: shop}
      spec:
        host: b.backend.svc.cluster.local
        workloadSelector: {matchLabels: {app: special}}
        subsets: [{name: special, labels: {v: "1"}}]
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: b-one, namespace: backend, creationTimestamp: "2024-01-01T00:00:00Z"}
      spec:
        host: b
        subsets: [{name: first, labels: {v: "1"}}]
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: b-two, namespace: backend, creationTimestamp: "2024-02-01T00:00:00Z"}
      spec:
        host: b.backend.svc.cluster.local
        trafficPolicy: {loadBalancer: {simple: RANDOM}}
        subsets: [{name: first, labels: {v: "2"}}, {name: second, labels: {v: "3"}}]
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: vs, namespace: shop}
      spec:
        hosts: [a]
        gateways: [gw, other/gw, ./local, mesh]
        http: [{route: [{destination: {host: a}}]}]
      """;

  private final PushContext push = TestMesh.push(CONFIG);

  @Test
  void egressListenersScopeServicesPerPort() {
    SidecarScope sc = push.sidecarScope(push.scope(TestMesh.sidecar("shop", "10.0.0.1", Map.of())));
    assertThat(hosts(sc.services())).containsExactly("a.shop.svc.cluster.local", "b.backend.svc.cluster.local",
        "dup.example.com");
    assertThat(sc.servicesOnPort(81)).as("port 81 has its own listener importing backend/*")
        .extracting(s -> s.hostname() + "@" + s.namespace())
        .containsExactly("b.backend.svc.cluster.local@backend", "dup.example.com@backend");
    assertThat(hosts(sc.servicesOnPort(80))).as("other ports use ./*; ~/* imports nothing")
        .containsExactly("a.shop.svc.cluster.local", "dup.example.com");
    assertThat(sc.servicesOnPort(80).get(1).namespace()).as("own namespace wins for a duplicated host")
        .isEqualTo("shop");
  }

  @Test
  void workloadSelectedSidecarWinsOverTheNamespaceDefault() {
    ProxyScope narrow = push.scope(TestMesh.sidecar("shop", "10.0.0.2", Map.of("app", "narrow")));
    assertThat(narrow.sidecar().name()).isEqualTo("narrow");
    assertThat(hosts(push.sidecarScope(narrow).services())).containsExactly("b.backend.svc.cluster.local");
    assertThat(push.scope(TestMesh.router("shop", "10.0.0.3", Map.of("app", "narrow"))).sidecar())
        .as("Sidecars do not apply to gateways").isNull();
  }

  @Test
  void servicesFollowExportTo() {
    assertThat(push.service("private.backend.svc.cluster.local", "backend")).isPresent();
    assertThat(push.service("private.backend.svc.cluster.local", "shop")).isEmpty();
    assertThat(push.service("dup.example.com", "backend").orElseThrow().namespace()).isEqualTo("backend");
    assertThat(push.service("dup.example.com", "other").orElseThrow().namespace()).as("oldest definition")
        .isEqualTo("shop");
  }

  @Test
  void destinationRulesOfOneNamespaceMergeAndSelectorsWinForSelectedWorkloads() {
    MeshService b = push.service("b.backend.svc.cluster.local", "backend").orElseThrow();
    ResolvedDestinationRule merged = push.destinationRule(push.scope(TestMesh.sidecar("x", "10.0.0.4", Map.of())), b);
    assertThat(merged.sources()).extracting(k -> k.name()).containsExactly("b-one", "b-two");
    assertThat(merged.subsets()).extracting(s -> s.name()).containsExactly("first", "second");
    assertThat(merged.subset("first").orElseThrow().labels()).containsEntry("v", "1");
    assertThat(merged.trafficPolicy().loadBalancer().simple().name()).isEqualTo("RANDOM");
    ProxyScope special = push.scope(TestMesh.sidecar("shop", "10.0.0.5", Map.of("app", "special")));
    assertThat(special.selectedDestinationRules()).extracting(k -> k.name()).containsExactly("b-selected");
    assertThat(push.destinationRule(special, b).sources().get(0).name()).isEqualTo("b-selected");
    ProxyScope plain = push.scope(TestMesh.sidecar("shop", "10.0.0.6", Map.of("app", "web")));
    assertThat(push.destinationRule(plain, b).sources().get(0).name()).as("falls back to the service namespace")
        .isEqualTo("b-one");
  }

  @Test
  void virtualServiceNamesResolveInTheirNamespace() {
    ResolvedVirtualService vs = push.virtualServices(ResolvedVirtualService.MESH, "shop").get(0);
    assertThat(vs.hosts()).containsExactly("a.shop.svc.cluster.local");
    assertThat(vs.gateways()).containsExactlyInAnyOrder("shop/gw", "other/gw", "shop/local", "mesh");
    assertThat(push.virtualServices("shop/gw", "shop")).containsExactly(vs);
    assertThat(push.virtualServices("gw", "shop")).isEmpty();
  }

  @Test
  void equalInputsGiveTheSameScopeInstance() {
    ProxyScope a = push.scope(TestMesh.sidecar("shop", "10.0.0.7", Map.of("app", "web")));
    ProxyScope b = push.scope(TestMesh.sidecar("shop", "10.0.0.8", Map.of("app", "web")));
    assertThat(b).isSameAs(a);
    assertThat(push.sidecarScope(a)).isSameAs(push.sidecarScope(b));
  }

  private static List<String> hosts(List<MeshService> services) {
    return services.stream().map(MeshService::hostname).toList();
  }
}

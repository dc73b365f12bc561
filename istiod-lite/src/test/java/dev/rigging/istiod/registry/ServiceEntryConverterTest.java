package dev.rigging.istiod.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.config.ConfigSnapshot;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigLoader;
import dev.rigging.mesh.config.ConfigObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEntryConverterTest {
  private static ConfigSnapshot load(String yaml, List<WorkloadInstance> pods) {
    var loaded = new ConfigLoader("default").load("t.yaml", yaml);
    assertThat(loaded.errors()).isEmpty();
    Map<ConfigKey, ConfigObject<?>> m = new HashMap<>();
    loaded.objects().forEach(o -> m.put(o.key(), o));
    return new ConfigSnapshot(m, List.of(), Map.of(), pods, 1);
  }

  @Test
  void staticEntryWithInlineEndpointsAndNamedPorts() {
    var reg = new RegistryBuilder(h -> List.of()).build(load("""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: reviews, namespace: shop, labels: {team: a}}
        spec:
          hosts: [reviews.shop.svc.cluster.local]
          location: MESH_INTERNAL
          resolution: STATIC
          exportTo: ["."]
          ports: [{number: 9080, name: grpc, protocol: GRPC}, {number: 9090, name: http-admin}]
          endpoints:
          - {address: 10.0.0.1, ports: {grpc: 19081}, labels: {version: v1}, locality: eu/eu-1/a, weight: 3}
          - {address: 10.0.0.2, labels: {version: v2}, serviceAccount: reviews}
        """, List.of()));
    MeshService s = reg.byHost("reviews.shop.svc.cluster.local").get(0);
    assertThat(s.resolution()).isEqualTo(MeshService.Resolution.STATIC);
    assertThat(s.external()).isFalse();
    assertThat(s.ports()).extracting(ServicePort::protocol).containsExactly(Protocol.GRPC, Protocol.HTTP);
    assertThat(s.visibleFrom("shop")).isTrue();
    assertThat(s.visibleFrom("other")).isFalse();
    assertThat(s.labels()).containsEntry("team", "a");
    List<Endpoint> grpc = reg.endpoints(s.key(), 9080);
    assertThat(grpc).extracting(Endpoint::address, Endpoint::port).containsExactly(
        org.assertj.core.groups.Tuple.tuple("10.0.0.1", 19081), org.assertj.core.groups.Tuple.tuple("10.0.0.2", 9080));
    assertThat(grpc.get(0).locality()).isEqualTo(new Locality("eu", "eu-1", "a"));
    assertThat(grpc.get(0).weight()).isEqualTo(3);
    assertThat(grpc.get(1).serviceAccount()).isEqualTo("reviews");
    assertThat(reg.endpoints(s.key(), 9090)).hasSize(2);
  }

  @Test
  void workloadSelectorPicksWorkloadEntriesAndPodsOfItsNamespaceOnly() {
    var pods = List.of(
        new WorkloadInstance("p1", "shop", "10.1.0.1", Map.of("app", "ratings"), "sa", Locality.UNKNOWN, 1, Map.of(), true),
        new WorkloadInstance("p2", "other", "10.1.0.2", Map.of("app", "ratings"), "sa", Locality.UNKNOWN, 1, Map.of(), true));
    var reg = new RegistryBuilder(h -> List.of()).build(load("""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: ratings, namespace: shop}
        spec:
          hosts: [ratings.example.internal]
          location: MESH_INTERNAL
          resolution: STATIC
          ports: [{number: 80, name: http}]
          workloadSelector: {labels: {app: ratings}}
        ---
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata: {name: vm-1, namespace: shop}
        spec: {address: 10.2.0.1, labels: {app: ratings}}
        ---
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata: {name: vm-2, namespace: other}
        spec: {address: 10.2.0.2, labels: {app: ratings}}
        """, pods));
    MeshService s = reg.byHost("ratings.example.internal").get(0);
    assertThat(reg.endpoints(s.key())).extracting(Endpoint::address).containsExactlyInAnyOrder("10.2.0.1", "10.1.0.1");
  }

  @Test
  void dnsEntriesResolveForProxylessClientsAndUseTheHostWithoutEndpoints() {
    var reg = new RegistryBuilder(h -> h.equals("api.example.com") ? List.of("192.0.2.10", "192.0.2.11")
        : h.equals("backend.example.com") ? List.of("192.0.2.20") : List.of()).build(load("""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: ext, namespace: shop}
        spec:
          hosts: [api.example.com]
          resolution: DNS
          ports: [{number: 443, name: tls, protocol: TLS}]
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: ext2, namespace: shop}
        spec:
          hosts: [svc.example.com]
          resolution: DNS
          ports: [{number: 80, name: http}]
          endpoints: [{address: backend.example.com}]
        """, List.of()));
    MeshService api = reg.byHost("api.example.com").get(0);
    assertThat(api.external()).isTrue();
    assertThat(reg.endpoints(api.key(), 443)).extracting(Endpoint::address).containsExactly("api.example.com");
    assertThat(reg.ipEndpoints(api.key(), 443)).extracting(Endpoint::address).containsExactly("192.0.2.10", "192.0.2.11");
    MeshService svc = reg.byHost("svc.example.com").get(0);
    assertThat(reg.endpoints(svc.key(), 80)).extracting(Endpoint::address).containsExactly("backend.example.com");
    assertThat(reg.ipEndpoints(svc.key(), 80)).extracting(Endpoint::address).containsExactly("192.0.2.20");
  }

  @Test
  void hostResolverRefreshNotifiesOnChange() {
    List<List<String>> answers = new java.util.ArrayList<>(List.of(List.of("192.0.2.1"), List.of("192.0.2.2")));
    java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
    try (HostResolver r = new HostResolver(h -> answers.size() > 1 ? answers.remove(0) : answers.get(0),
        java.time.Duration.ofHours(1))) {
      r.onChange(changes::incrementAndGet);
      assertThat(r.resolve("a.example.com")).containsExactly("192.0.2.1");
      assertThat(r.resolve("10.0.0.9")).containsExactly("10.0.0.9");
      r.refresh();
      assertThat(r.resolve("a.example.com")).containsExactly("192.0.2.2");
      assertThat(changes).hasValue(1);
      r.refresh();
      assertThat(changes).hasValue(1);
    }
  }

  @Test
  void tlsModeFollowsTheLabelThenTheServiceAccountAsIstioDoes() {
    var pods = List.of(
        new WorkloadInstance("p1", "shop", "10.1.0.1", Map.of("app", "db", "security.istio.io/tlsMode", "istio"),
            "db", Locality.UNKNOWN, 1, Map.of(), true),
        new WorkloadInstance("p2", "shop", "10.1.0.2", Map.of("app", "db"), "db", Locality.UNKNOWN, 1, Map.of(), true));
    var reg = new RegistryBuilder(h -> List.of("192.0.2.7")).build(load("""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: vms, namespace: shop}
        spec:
          hosts: [vms.shop.svc.cluster.local]
          location: MESH_INTERNAL
          resolution: STATIC
          subjectAltNames: ["spiffe://legacy.example/vm"]
          ports: [{number: 80, name: http}]
          endpoints:
          - {address: 10.0.0.1, serviceAccount: vm}
          - {address: 10.0.0.2}
          - {address: 10.0.0.3, serviceAccount: vm, labels: {security.istio.io/tlsMode: disabled}}
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: db, namespace: shop}
        spec:
          hosts: [db.shop.svc.cluster.local]
          location: MESH_INTERNAL
          resolution: STATIC
          workloadSelector: {labels: {app: db}}
          ports: [{number: 5432, name: tcp, protocol: TCP}]
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: api, namespace: shop}
        spec:
          hosts: [api.example.com]
          location: MESH_EXTERNAL
          resolution: DNS
          ports: [{number: 443, name: tls, protocol: TLS}]
        """, pods));
    MeshService vms = reg.byHost("vms.shop.svc.cluster.local").get(0);
    assertThat(vms.registry()).isEqualTo(MeshService.Registry.SERVICE_ENTRY);
    assertThat(vms.subjectAltNames()).containsExactly("spiffe://legacy.example/vm");
    assertThat(reg.endpoints(vms.key(), 80)).extracting(Endpoint::tlsMode)
        .containsExactly("istio", "disabled", "disabled");
    MeshService db = reg.byHost("db.shop.svc.cluster.local").get(0);
    // Pods are read like Kubernetes endpoints: the label alone decides.
    assertThat(reg.endpoints(db.key(), 5432)).extracting(Endpoint::tlsMode).containsExactly("istio", "disabled");
    MeshService api = reg.byHost("api.example.com").get(0);
    assertThat(reg.endpoints(api.key(), 443)).extracting(Endpoint::tlsMode).containsExactly("disabled");
    assertThat(reg.ipEndpoints(api.key(), 443)).extracting(Endpoint::address, Endpoint::tlsMode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("192.0.2.7", "disabled"));
  }
}

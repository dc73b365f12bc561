package dev.rigging.istiod.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import dev.rigging.istiod.config.ConfigChange;
import dev.rigging.istiod.config.ConfigStore;
import dev.rigging.istiod.dataplane.AdsTestClient;
import dev.rigging.istiod.model.MeshSettings;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyType;
import dev.rigging.istiod.registry.RegistryBuilder;
import dev.rigging.istiod.xds.ClusterGenerator;
import dev.rigging.istiod.xds.EndpointGenerator;
import dev.rigging.istiod.xds.ListenerGenerator;
import dev.rigging.istiod.xds.MeshSnapshot;
import dev.rigging.istiod.xds.RouteGenerator;
import dev.rigging.istiod.xds.XdsServer;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigLoader;
import dev.rigging.mesh.config.ConfigObject;
import dev.rigging.mesh.config.Kind;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A VirtualService-only change is pushed to the proxies it can affect and skips the others (the
 * optimisation found by {@code make bench}). This pins down that it is only an optimisation: after
 * every change, every proxy's snapshot holds exactly what a full generation from the current push
 * context gives, whether its group was generated again or kept; and that proxies outside the
 * change's reach really keep their snapshot.
 */
class RouteOnlyPushTest {
  private static final String MESH = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: web, namespace: a}
      spec:
        hosts: [web.a.svc.cluster.local]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 8080, name: grpc, protocol: GRPC}, {number: 9000, name: tcp, protocol: TCP}]
        endpoints: [{address: 10.1.0.1, labels: {version: v1}}, {address: 10.1.0.2, labels: {version: v2}}]
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: web, namespace: a}
      spec:
        host: web.a.svc.cluster.local
        subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: api, namespace: b}
      spec:
        hosts: [api.b.svc.cluster.local]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 8080, name: http, protocol: HTTP}]
        endpoints: [{address: 10.2.0.1}]
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: db, namespace: c}
      spec:
        hosts: [db.c.svc.cluster.local]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 8080, name: http, protocol: HTTP}]
        endpoints: [{address: 10.3.0.1}]
      ---
      apiVersion: networking.istio.io/v1
      kind: Sidecar
      metadata: {name: default, namespace: a}
      spec:
        egress: [{hosts: ["./*"]}]
      ---
      apiVersion: networking.istio.io/v1
      kind: Sidecar
      metadata: {name: default, namespace: b}
      spec:
        egress: [{hosts: ["./*", "c/*"]}]
      ---
      apiVersion: networking.istio.io/v1
      kind: Gateway
      metadata: {name: edge, namespace: c}
      spec:
        selector: {istio: ingressgateway}
        servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
      """;

  private final ConfigStore store = new ConfigStore();
  private final List<AdsTestClient> clients = new ArrayList<>();
  private final Map<String, Proxy> proxies = new LinkedHashMap<>();
  private XdsServer xds;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    xds = new XdsServer(store, () -> true, new RegistryBuilder(h -> List.of()), MeshSettings.DEFAULT,
        new SimpleMeterRegistry(), OpenTelemetry.noop().getTracer("test"),
        List.of(new ClusterGenerator(), new EndpointGenerator(), new ListenerGenerator(), new RouteGenerator()),
        Duration.ofMillis(20), Duration.ofSeconds(10));
    server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(xds.adsService())
        .build().start();
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1",
        ((InetSocketAddress) server.getListenSockets().get(0)).getPort(), InsecureChannelCredentials.create()).build();
    load(MESH + "---\n" + vs("a", "web", "web.a.svc.cluster.local", 80, "") + "---\n"
        + vs("b", "api", "api.b.svc.cluster.local", 100, "") + "---\n" + vs("c", "db", "db.c.svc.cluster.local", 100, ""));
    xds.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> xds.pushes() >= 1);
    int ip = 1;
    for (String ns : List.of("a", "b", "c")) {
      connect(Proxy.of(ProxyType.SIDECAR, "10.9.0." + ip++, "s-" + ns, ns, Map.of("app", "s")));
      connect(Proxy.of(ProxyType.PROXYLESS, "10.9.0." + ip++, "p-" + ns, ns, Map.of("app", "p")));
    }
    connect(Proxy.of(ProxyType.ROUTER, "10.9.0." + ip, "gw", "c", Map.of("istio", "ingressgateway")));
    await().atMost(Duration.ofSeconds(5)).until(() -> proxies.keySet().stream()
        .allMatch(g -> xds.pusher().snapshot(g) != null));
  }

  @AfterEach
  void stop() {
    clients.forEach(AdsTestClient::close);
    channel.shutdownNow();
    server.shutdownNow();
    xds.close();
  }

  private void connect(Proxy p) {
    Map<String, String> md = p.metadata();
    var struct = com.google.protobuf.Struct.newBuilder();
    md.forEach((k, v) -> struct.putFields(k, com.google.protobuf.Value.newBuilder().setStringValue(v).build()));
    var labels = com.google.protobuf.Struct.newBuilder();
    p.labels().forEach((k, v) -> labels.putFields(k, com.google.protobuf.Value.newBuilder().setStringValue(v).build()));
    struct.putFields("LABELS", com.google.protobuf.Value.newBuilder().setStructValue(labels).build());
    AdsTestClient c = new AdsTestClient(channel, Node.newBuilder().setId(p.id()).setMetadata(struct).build(), false,
        true);
    clients.add(c);
    c.subscribe(Resources.V3.CLUSTER_TYPE_URL, List.of());
    c.subscribe(Resources.V3.LISTENER_TYPE_URL, List.of());
    proxies.put(Proxy.fromNode(Node.newBuilder().setId(p.id()).setMetadata(struct).build()).groupKey(), p);
  }

  private static String vs(String ns, String name, String host, int v1Weight, String extra) {
    return """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: %s, namespace: %s}
        spec:
          hosts: [%s]
        %s  http:
          - route:
            - {destination: {host: %s, subset: v1}, weight: %d}
            - {destination: {host: %s, subset: v2}, weight: %d}
        """.formatted(name, ns, host, extra, host, v1Weight, host, 100 - v1Weight);
  }

  private void load(String yaml) {
    var loaded = new ConfigLoader("default").load("test.yaml", yaml);
    assertThat(loaded.errors()).isEmpty();
    Map<ConfigKey, ConfigObject<?>> objects = new HashMap<>(store.snapshot().configs());
    loaded.objects().forEach(o -> objects.put(o.key(), o));
    store.update(s -> s.withConfigs(objects), ConfigChange.config(Set.of(Kind.VIRTUAL_SERVICE), "test"));
  }

  /** Applies a change, waits for its push, and checks every group against a full generation. */
  private Map<String, MeshSnapshot> change(Runnable edit) {
    Map<String, MeshSnapshot> before = snapshots();
    long pushes = xds.pushes();
    edit.run();
    await().atMost(Duration.ofSeconds(5)).until(() -> xds.pushes() > pushes);
    proxies.forEach((group, proxy) -> {
      MeshSnapshot s = xds.pusher().snapshot(group);
      for (ResourceType t : List.of(ResourceType.CLUSTER, ResourceType.ENDPOINT, ResourceType.LISTENER,
          ResourceType.ROUTE)) {
        Map<String, Message> expected = new HashMap<>();
        for (Message m : xds.pusher().generate(proxy, t)) {
          expected.put(Resources.getResourceName(m), m);
        }
        assertThat(s.resources(t)).as("%s %s", proxy.id(), t).isEqualTo(expected);
      }
    });
    return before;
  }

  private Map<String, MeshSnapshot> snapshots() {
    Map<String, MeshSnapshot> out = new HashMap<>();
    proxies.keySet().forEach(g -> out.put(g, xds.pusher().snapshot(g)));
    return out;
  }

  private List<String> kept(Map<String, MeshSnapshot> before) {
    return proxies.entrySet().stream().filter(e -> xds.pusher().snapshot(e.getKey()) == before.get(e.getKey()))
        .map(e -> e.getValue().podName()).sorted().toList();
  }

  @Test
  void aRouteChangeRegeneratesOnlyTheProxiesThatImportItAndMatchesAFullPush() {
    // a's web: imported by a (own namespace) only; b and c's sidecars do not import a; c has no
    // Sidecar and sees everything.
    var before = change(() -> load(vs("a", "web", "web.a.svc.cluster.local", 60, "")));
    assertThat(kept(before)).containsExactly("gw", "p-b", "s-b");

    // c's db is imported by b (c/*) and by c itself.
    before = change(() -> load(vs("c", "db", "db.c.svc.cluster.local", 70, "")));
    assertThat(kept(before)).containsExactly("gw", "p-a", "s-a");

    // exportTo "." hides it from b: b is affected through the old version.
    before = change(() -> load(vs("c", "db", "db.c.svc.cluster.local", 70, "  exportTo: [\".\"]\n")));
    assertThat(kept(before)).containsExactly("gw", "p-a", "s-a");

    // A new VirtualService in b for c's host: b imports it ("./*" covers every host of objects in b),
    // c imports everything, a imports nothing of b.
    before = change(() -> load(vs("b", "db-from-b", "db.c.svc.cluster.local", 50, "")));
    assertThat(kept(before)).containsExactly("gw", "p-a", "s-a");

    // Removing it again.
    change(() -> {
      Map<ConfigKey, ConfigObject<?>> objects = new HashMap<>(store.snapshot().configs());
      objects.remove(new ConfigKey(Kind.VIRTUAL_SERVICE, "b", "db-from-b"));
      store.update(s -> s.withConfigs(objects), ConfigChange.config(Set.of(Kind.VIRTUAL_SERVICE), "test"));
    });
  }

  @Test
  void changesThatReachProxiesOtherwiseAreFullPushes() {
    // Bound to a gateway: the router's routes may change.
    change(() -> load(vs("c", "db", "db.c.svc.cluster.local", 90, "  gateways: [edge, mesh]\n")));
    // Source selectors are part of every proxy's scope.
    var before = change(() -> load("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: api, namespace: b}
        spec:
          hosts: [api.b.svc.cluster.local]
          http:
          - match: [{sourceLabels: {app: p}}]
            route: [{destination: {host: api.b.svc.cluster.local}}]
          - route: [{destination: {host: api.b.svc.cluster.local}}]
        """));
    assertThat(kept(before)).isEmpty();
    // A DestinationRule change is not a VirtualService-only change.
    before = change(() -> load("""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: web, namespace: a}
        spec:
          host: web.a.svc.cluster.local
          trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}
          subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
        """));
    assertThat(kept(before)).isEmpty();
  }
}

package dev.rigging.istiod.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import dev.rigging.istiod.config.ConfigChange;
import dev.rigging.istiod.config.ConfigStore;
import dev.rigging.istiod.dataplane.AdsTestClient;
import dev.rigging.istiod.model.MeshSettings;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.registry.Endpoint;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.RegistryBuilder;
import dev.rigging.mesh.api.networking.VirtualService;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigLoader;
import dev.rigging.mesh.config.ConfigObject;
import dev.rigging.mesh.config.Kind;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The xDS transport on real sockets with hand-written ADS clients: readiness gating, debouncing,
 * per-type versions, endpoint-only pushes, NACK handling without push storms, fail-fast for unknown
 * names, delta xDS, and sharing between identical proxies. Translation is replaced by four tiny
 * generators so that these tests pin down the transport alone.
 */
class XdsServerTest {
  private final ConfigStore store = new ConfigStore();
  private final AtomicBoolean synced = new AtomicBoolean(true);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<AdsTestClient> clients = new ArrayList<>();
  private XdsServer xds;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    xds = new XdsServer(store, synced::get, new RegistryBuilder(h -> List.of("10.9.9.9")), MeshSettings.DEFAULT,
        meters, OpenTelemetry.noop().getTracer("test"),
        List.of(new Clusters(), new Endpoints(), new Listeners(), new Routes()),
        Duration.ofMillis(100), Duration.ofSeconds(10));
    server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(xds.adsService())
        .build().start();
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1", ((InetSocketAddress) server.getListenSockets().get(0))
        .getPort(), InsecureChannelCredentials.create()).build();
  }

  @AfterEach
  void stop() {
    clients.forEach(AdsTestClient::close);
    channel.shutdownNow();
    server.shutdownNow();
    xds.close();
  }

  private void load(String yaml) {
    var loaded = new ConfigLoader("default").load("test.yaml", yaml);
    assertThat(loaded.errors()).isEmpty();
    Map<ConfigKey, ConfigObject<?>> objects = new HashMap<>(store.snapshot().configs());
    loaded.objects().forEach(o -> objects.put(o.key(), o));
    store.update(s -> s.withConfigs(objects), ConfigChange.config(java.util.Set.of(Kind.VIRTUAL_SERVICE), "test"));
  }

  private void remove(ConfigKey key) {
    Map<ConfigKey, ConfigObject<?>> objects = new HashMap<>(store.snapshot().configs());
    objects.remove(key);
    store.update(s -> s.withConfigs(objects), ConfigChange.config(java.util.Set.of(key.kind()), "test"));
  }

  private static String se(String name, String ip) {
    return """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: %s, namespace: shop}
        spec:
          hosts: [%s.shop.svc.cluster.local]
          resolution: STATIC
          ports: [{number: 80, name: http, protocol: HTTP}]
          endpoints: [{address: %s}]
        """.formatted(name, name, ip);
  }

  private static String vs(String name, String subset) {
    return """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: %s, namespace: shop}
        spec:
          hosts: [%s.shop.svc.cluster.local]
          http: [{route: [{destination: {host: %s.shop.svc.cluster.local, subset: %s}}]}]
        """.formatted(name, name, name, subset);
  }

  private AdsTestClient client(String pod, boolean delta) {
    return client(pod, "10.0.0.1", delta);
  }

  private AdsTestClient client(String pod, String ip, boolean delta) {
    Node node = Node.newBuilder().setId("sidecar~" + ip + "~" + pod + ".shop~shop.svc.cluster.local").build();
    AdsTestClient c = new AdsTestClient(channel, node, delta, true);
    clients.add(c);
    return c;
  }

  private double gauge(String name, String type) {
    var g = meters.find(name).tag("type", type).gauge();
    return g == null ? 0 : g.value();
  }

  @Test
  void proxiesWaitForTheFirstSyncedPushAndGetEverything() {
    synced.set(false);
    load(se("reviews", "10.1.0.1") + "---\n" + vs("reviews", "v1"));
    xds.start();
    AdsTestClient c = client("a", false);
    c.subscribe(Resources.V3.CLUSTER_TYPE_URL, List.of());
    c.subscribe(Resources.V3.LISTENER_TYPE_URL, List.of());
    await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> c.received().isEmpty());
    assertThat(xds.pushes()).isZero();
    synced.set(true);
    xds.sourceSynced();
    await().atMost(Duration.ofSeconds(5)).until(() -> c.resources(Resources.V3.ENDPOINT_TYPE_URL).size() == 1
        && c.resources(Resources.V3.ROUTE_TYPE_URL).size() == 1);
    assertThat(c.resources(Resources.V3.CLUSTER_TYPE_URL)).containsOnlyKeys("reviews.shop.svc.cluster.local");
    assertThat(c.nacks()).isZero();
    assertThat(xds.connections().connections()).singleElement().satisfies(conn ->
        assertThat(conn.types().values()).allSatisfy(s -> assertThat(s.state()).isEqualTo("SYNCED")));
    assertThat(meters.find("pilot_xds").gauge().value()).isEqualTo(1);
  }

  @Test
  void burstsOfChangesAreDebouncedIntoOnePush() {
    xds.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> xds.pushes() == 1);
    for (int i = 0; i < 10; i++) {
      load(se("svc" + i, "10.1.0." + (i + 1)));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> xds.pushes() == 2);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> xds.pushes() == 2);
    assertThat(xds.current().registry().services()).hasSize(10);
    assertThat(meters.find("pilot_push_triggers").tag("type", "config").gauge().value()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void routeChangeResendsRoutesOnlyAndEndpointChangeIsAnEdsOnlyPush() {
    load(se("reviews", "10.1.0.1") + "---\n" + vs("reviews", "v1") + """
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: ratings, namespace: shop}
        spec:
          hosts: [ratings.shop.svc.cluster.local]
          resolution: STATIC
          ports: [{number: 80, name: http, protocol: HTTP}]
          workloadSelector: {labels: {app: ratings}}
        ---
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata: {name: ratings-1, namespace: shop}
        spec: {address: 10.2.0.1, labels: {app: ratings}}
        """);
    xds.start();
    AdsTestClient c = client("a", false);
    c.subscribe(Resources.V3.CLUSTER_TYPE_URL, List.of());
    c.subscribe(Resources.V3.LISTENER_TYPE_URL, List.of());
    await().atMost(Duration.ofSeconds(5)).until(() -> c.resources(Resources.V3.ENDPOINT_TYPE_URL).size() == 2
        && c.resources(Resources.V3.ROUTE_TYPE_URL).size() == 1);
    long cds = c.receivedCount(Resources.V3.CLUSTER_TYPE_URL);
    long eds = c.receivedCount(Resources.V3.ENDPOINT_TYPE_URL);
    long lds = c.receivedCount(Resources.V3.LISTENER_TYPE_URL);
    long rds = c.receivedCount(Resources.V3.ROUTE_TYPE_URL);

    load(vs("reviews", "v2"));
    await().atMost(Duration.ofSeconds(5)).until(() -> c.receivedCount(Resources.V3.ROUTE_TYPE_URL) == rds + 1);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() ->
        c.receivedCount(Resources.V3.CLUSTER_TYPE_URL) == cds && c.receivedCount(Resources.V3.ENDPOINT_TYPE_URL) == eds
            && c.receivedCount(Resources.V3.LISTENER_TYPE_URL) == lds);

    PushContext before = xds.current();
    load("""
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata: {name: ratings-1, namespace: shop}
        spec: {address: 10.2.0.2, labels: {app: ratings}}
        """);
    await().atMost(Duration.ofSeconds(5)).until(() -> c.receivedCount(Resources.V3.ENDPOINT_TYPE_URL) == eds + 1);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() ->
        c.receivedCount(Resources.V3.CLUSTER_TYPE_URL) == cds && c.receivedCount(Resources.V3.ROUTE_TYPE_URL) == rds + 1);
    assertThat(xds.current()).isNotSameAs(before);
    assertThat(PushQueue.endpointsOnly(before.config(), xds.current().config(), before.registry(),
        xds.current().registry())).isTrue();
  }

  @Test
  void aNackIsCountedAndNotAnsweredAgainUntilTheConfigChanges() {
    load(se("reviews", "10.1.0.1") + "---\n" + vs("reviews", "v1"));
    xds.start();
    AdsTestClient c = client("a", false);
    c.nackIf(r -> r.typeUrl().equals(Resources.V3.ROUTE_TYPE_URL) && r.names().isEmpty() == false
        && !c.received().isEmpty() && c.nacks() == 0);
    c.subscribe(Resources.V3.LISTENER_TYPE_URL, List.of());
    await().atMost(Duration.ofSeconds(5)).until(() -> c.nacks() == 1);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
        .until(() -> c.receivedCount(Resources.V3.ROUTE_TYPE_URL) == 1);
    assertThat(gauge("pilot_total_xds_rejects", "rds")).isEqualTo(1);
    assertThat(xds.connections().connections()).singleElement().satisfies(conn -> {
      var rds = conn.types().get(Resources.V3.ROUTE_TYPE_URL);
      assertThat(rds.state()).isEqualTo("NACKED");
      assertThat(rds.nackDetail()).isEqualTo("rejected by test");
    });
    load(vs("reviews", "v2"));
    await().atMost(Duration.ofSeconds(5)).until(() -> !c.version(Resources.V3.ROUTE_TYPE_URL).isEmpty());
    assertThat(c.receivedCount(Resources.V3.ROUTE_TYPE_URL)).isEqualTo(2);
    assertThat(xds.connections().connections().iterator().next().types().get(Resources.V3.ROUTE_TYPE_URL).state())
        .isEqualTo("SYNCED");
  }

  @Test
  void unknownListenerAndClusterNamesAreAnsweredAtOnce() {
    load(se("reviews", "10.1.0.1"));
    xds.start();
    AdsTestClient c = client("a", false);
    long start = System.nanoTime();
    c.subscribe(Resources.V3.LISTENER_TYPE_URL, List.of("nope.shop.svc.cluster.local:80"));
    c.subscribe(Resources.V3.CLUSTER_TYPE_URL, List.of("nope", "reviews.shop.svc.cluster.local"));
    await().atMost(Duration.ofSeconds(3)).until(() -> c.receivedCount(Resources.V3.LISTENER_TYPE_URL) == 1
        && c.receivedCount(Resources.V3.CLUSTER_TYPE_URL) == 1);
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(3);
    assertThat(c.resources(Resources.V3.LISTENER_TYPE_URL)).isEmpty();
    assertThat(c.resources(Resources.V3.CLUSTER_TYPE_URL)).containsOnlyKeys("reviews.shop.svc.cluster.local");
  }

  @Test
  void deltaSendsOnlyChangedAndRemovedResources() {
    load(se("reviews", "10.1.0.1") + "---\n" + se("ratings", "10.1.0.2"));
    xds.start();
    AdsTestClient c = client("d", true);
    c.subscribe(Resources.V3.CLUSTER_TYPE_URL, List.of("*"));
    await().atMost(Duration.ofSeconds(5)).until(() -> c.resources(Resources.V3.ENDPOINT_TYPE_URL).size() == 2);
    assertThat(c.resources(Resources.V3.CLUSTER_TYPE_URL)).hasSize(2);
    int before = c.received().size();

    load(se("ratings", "10.1.0.3"));
    await().atMost(Duration.ofSeconds(5)).until(() -> c.received().stream().skip(before)
        .anyMatch(r -> r.typeUrl().equals(Resources.V3.ENDPOINT_TYPE_URL)));
    assertThat(c.received().stream().skip(before)
        .filter(r -> r.typeUrl().equals(Resources.V3.ENDPOINT_TYPE_URL)).findFirst().orElseThrow().names())
        .containsExactly("ratings.shop.svc.cluster.local");

    int mid = c.received().size();
    remove(new ConfigKey(Kind.SERVICE_ENTRY, "shop", "ratings"));
    await().atMost(Duration.ofSeconds(5)).until(() -> c.received().stream().skip(mid)
        .anyMatch(r -> r.typeUrl().equals(Resources.V3.CLUSTER_TYPE_URL) && !r.removed().isEmpty()));
    assertThat(c.resources(Resources.V3.CLUSTER_TYPE_URL)).containsOnlyKeys("reviews.shop.svc.cluster.local");
    assertThat(xds.connections().connections()).singleElement()
        .satisfies(conn -> assertThat(conn.delta()).isTrue());
  }

  @Test
  void identicalProxiesShareResourcesAndSerializedSets() {
    load(se("reviews", "10.1.0.1") + "---\n" + vs("reviews", "v1"));
    xds.start();
    // Replicas with the same address share one group outright; these two differ by address, so they
    // are two groups that must still share every resource set.
    AdsTestClient a = client("a", "10.0.0.1", false);
    AdsTestClient b = client("b", "10.0.0.2", false);
    AdsTestClient a2 = client("a2", "10.0.0.1", false);
    for (AdsTestClient c : List.of(a, b, a2)) {
      c.subscribe(Resources.V3.CLUSTER_TYPE_URL, List.of());
      c.subscribe(Resources.V3.LISTENER_TYPE_URL, List.of());
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> a.resources(Resources.V3.ROUTE_TYPE_URL).size() == 1
        && b.resources(Resources.V3.ROUTE_TYPE_URL).size() == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> a2.resources(Resources.V3.ROUTE_TYPE_URL).size() == 1);
    var groups = xds.groups();
    assertThat(groups).hasSize(2);
    assertThat(xds.connections().size()).isEqualTo(3);
    var it = groups.iterator();
    MeshSnapshot sa = xds.pusher().snapshot(it.next());
    MeshSnapshot sb = xds.pusher().snapshot(it.next());
    for (var type : io.envoyproxy.controlplane.cache.Resources.ResourceType.values()) {
      assertThat(sa.type(type)).as(type.name()).isSameAs(sb.type(type));
    }
    assertThat(a.version(Resources.V3.CLUSTER_TYPE_URL)).isEqualTo(b.version(Resources.V3.CLUSTER_TYPE_URL));
  }

  @Test
  void resendAllSendsEveryTypeAgainWithNewVersions() {
    load(se("reviews", "10.1.0.1") + "---\n" + vs("reviews", "v1"));
    xds.start();
    AdsTestClient c = client("a", false);
    c.subscribe(Resources.V3.CLUSTER_TYPE_URL, List.of());
    c.subscribe(Resources.V3.LISTENER_TYPE_URL, List.of());
    await().atMost(Duration.ofSeconds(5)).until(() -> c.resources(Resources.V3.ROUTE_TYPE_URL).size() == 1
        && c.resources(Resources.V3.ENDPOINT_TYPE_URL).size() == 1);
    Map<String, String> before = new HashMap<>();
    List<String> types = List.of(Resources.V3.CLUSTER_TYPE_URL, Resources.V3.ENDPOINT_TYPE_URL,
        Resources.V3.LISTENER_TYPE_URL, Resources.V3.ROUTE_TYPE_URL);
    types.forEach(t -> before.put(t, c.version(t)));
    xds.resendAll();
    await().atMost(Duration.ofSeconds(5)).until(() -> types.stream().noneMatch(t -> c.version(t).equals(before.get(t))));
    types.forEach(t -> assertThat(c.receivedCount(t)).as(t).isEqualTo(2));
    assertThat(meters.find("pilot_push_triggers").tag("type", "debug").gauge().value()).isEqualTo(1);
  }

  @Test
  void invalidNodeIdIsRefused() {
    xds.start();
    AdsTestClient c = new AdsTestClient(channel, Node.newBuilder().setId("not-istio").build(), false, false);
    clients.add(c);
    c.subscribe(Resources.V3.CLUSTER_TYPE_URL, List.of());
    await().atMost(Duration.ofSeconds(5)).until(() -> c.error() != null);
    assertThat(io.grpc.Status.fromThrowable(c.error()).getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
    assertThat(io.grpc.Status.fromThrowable(c.error()).getDescription()).contains("TYPE~IP~POD.NAMESPACE");
  }

  // --- four tiny generators: one cluster and one endpoint set per service, one listener and one
  // route config per VirtualService. Enough structure for the transport to be exercised.

  static final class Clusters implements XdsGenerator {
    @Override
    public String typeUrl() {
      return Resources.V3.CLUSTER_TYPE_URL;
    }

    @Override
    public List<? extends Message> generate(PushContext push, Proxy proxy) {
      return push.registry().services().stream().map(s -> Cluster.newBuilder().setName(s.hostname())
          .setType(Cluster.DiscoveryType.EDS).setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
              .setEdsConfig(ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance())))
          .build()).toList();
    }
  }

  static final class Endpoints implements XdsGenerator {
    @Override
    public String typeUrl() {
      return Resources.V3.ENDPOINT_TYPE_URL;
    }

    @Override
    public List<? extends Message> generate(PushContext push, Proxy proxy) {
      List<ClusterLoadAssignment> out = new ArrayList<>();
      for (MeshService s : push.registry().services()) {
        LocalityLbEndpoints.Builder lb = LocalityLbEndpoints.newBuilder();
        for (Endpoint e : push.registry().endpoints(s.key())) {
          lb.addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(io.envoyproxy.envoy.config.endpoint.v3.Endpoint
              .newBuilder().setAddress(io.envoyproxy.envoy.config.core.v3.Address.newBuilder().setSocketAddress(
                  io.envoyproxy.envoy.config.core.v3.SocketAddress.newBuilder().setAddress(e.address())
                      .setPortValue(e.port())))));
        }
        out.add(ClusterLoadAssignment.newBuilder().setClusterName(s.hostname()).addEndpoints(lb).build());
      }
      return out;
    }
  }

  static final class Listeners implements XdsGenerator {
    @Override
    public String typeUrl() {
      return Resources.V3.LISTENER_TYPE_URL;
    }

    @Override
    public List<? extends Message> generate(PushContext push, Proxy proxy) {
      return push.configs(Kind.VIRTUAL_SERVICE, VirtualService.class).stream().map(vs -> Listener.newBuilder()
          .setName(vs.name()).setApiListener(ApiListener.newBuilder().setApiListener(com.google.protobuf.Any.pack(
              HttpConnectionManager.newBuilder().setRds(Rds.newBuilder().setRouteConfigName(vs.name())
                  .setConfigSource(ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance())))
                  .build())))
          .build()).toList();
    }
  }

  static final class Routes implements XdsGenerator {
    @Override
    public String typeUrl() {
      return Resources.V3.ROUTE_TYPE_URL;
    }

    @Override
    public List<? extends Message> generate(PushContext push, Proxy proxy) {
      return push.configs(Kind.VIRTUAL_SERVICE, VirtualService.class).stream().map(vs -> RouteConfiguration
          .newBuilder().setName(vs.name()).addVirtualHosts(VirtualHost.newBuilder().setName(
              vs.spec().http().get(0).route().get(0).destination().subset()).addDomains("*"))
          .build()).toList();
    }
  }
}

package dev.rigging.istiod.config.kube;

import static dev.rigging.istiod.config.kube.IstioObjects.destinationRule;
import static dev.rigging.istiod.config.kube.IstioObjects.serviceEntry;
import static dev.rigging.istiod.config.kube.IstioObjects.virtualService;
import static dev.rigging.istiod.registry.kube.KubeFixtures.node;
import static dev.rigging.istiod.registry.kube.KubeFixtures.pod;
import static dev.rigging.istiod.registry.kube.KubeFixtures.podEndpoint;
import static dev.rigging.istiod.registry.kube.KubeFixtures.slice;
import static dev.rigging.istiod.registry.kube.KubeFixtures.slicePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rigging.istiod.config.ConfigMetrics;
import dev.rigging.istiod.config.ConfigSnapshot;
import dev.rigging.istiod.config.ConfigStore;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.ServiceKey;
import dev.rigging.istiod.registry.WorkloadInstance;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.Kind;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesConfigSourceStartTest {
  KubernetesMockServer server;
  KubernetesClient client;
  MockMesh mesh;

  @BeforeEach
  void setUp() {
    mesh = new MockMesh(client);
  }

  @AfterEach
  void tearDown() {
    mesh.close();
  }

  @Test
  void initialSyncPublishesTheWholeClusterInOneUpdate() {
    mesh.withIstioCrds();
    mesh.applyIstio(Kind.VIRTUAL_SERVICE, virtualService("shop", "reviews", "reviews", "reviews", 100));
    mesh.applyIstio(Kind.DESTINATION_RULE, destinationRule("shop", "reviews", "reviews"));
    mesh.applyIstio(Kind.SERVICE_ENTRY, serviceEntry("shop", "payments", "api.payments.example.com", 443));
    mesh.apply(node("node-a", Map.of("topology.kubernetes.io/region", "eu-west1")));
    mesh.apply(new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("reviews").endMetadata()
        .withNewSpec().withClusterIP("10.96.0.10").addNewPort().withName("http").withPort(9080).endPort().endSpec()
        .build());
    mesh.apply(pod("shop", "reviews-v1", "10.1.0.1", Map.of("app", "reviews")));
    mesh.apply(slice("shop", "reviews-1", "reviews").withPorts(slicePort("http", 9080))
        .withEndpoints(podEndpoint("shop", "reviews-v1", "10.1.0.1")).build());

    mesh.startAndSync();

    assertThat(mesh.updates).hasSize(1);
    MockMesh.Update initial = mesh.updates.get(0);
    assertThat(initial.change().kinds()).isEqualTo(EnumSet.allOf(Kind.class));
    assertThat(initial.change().services()).isTrue();
    assertThat(initial.change().endpoints()).isTrue();
    assertThat(initial.change().reason()).startsWith("initial sync of kubernetes:http://");
    ConfigSnapshot s = initial.snapshot();
    assertThat(s.configs()).containsOnlyKeys(
        new ConfigKey(Kind.VIRTUAL_SERVICE, "shop", "reviews"),
        new ConfigKey(Kind.DESTINATION_RULE, "shop", "reviews"),
        new ConfigKey(Kind.SERVICE_ENTRY, "shop", "payments"));
    assertThat(s.kubeServices()).extracting(MeshService::hostname).containsExactly("reviews.shop.svc.cluster.local");
    assertThat(s.kubeEndpoints().get(new ServiceKey("reviews.shop.svc.cluster.local", "shop")))
        .singleElement().satisfies(e -> {
          assertThat(e.address()).isEqualTo("10.1.0.1");
          assertThat(e.labels()).containsEntry("app", "reviews");
          assertThat(e.locality().region()).isEqualTo("eu-west1");
        });
    assertThat(s.kubeWorkloads()).extracting(WorkloadInstance::name).containsExactly("reviews-v1");
    assertThat(mesh.snapshot()).isSameAs(s);
  }

  @Test
  void startFailsNamingEveryMissingIstioCrd() {
    ConfigStore store = new ConfigStore();
    KubernetesConfigSource source = new KubernetesConfigSource(client, new ConfigMetrics(new SimpleMeterRegistry()),
        "cluster.local");

    assertThatThrownBy(() -> source.start(store))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("virtualservices.networking.istio.io")
        .hasMessageContaining("sidecars.networking.istio.io")
        .hasMessageContaining("networking.istio.io/v1")
        .hasMessageContaining("helm install istio-base");
    assertThat(source.synced()).isFalse();
    assertThat(store.snapshot()).isSameAs(ConfigSnapshot.EMPTY);
  }

  @Test
  void startFailsWhenOnlySomeIstioCrdsAreInstalled() {
    mesh.withIstioCrds(Kind.SIDECAR);
    KubernetesConfigSource source = new KubernetesConfigSource(client, new ConfigMetrics(new SimpleMeterRegistry()),
        "cluster.local");

    assertThatThrownBy(() -> source.start(new ConfigStore()))
        .hasMessageContaining("sidecars.networking.istio.io")
        .hasMessageNotContaining("virtualservices.networking.istio.io");
  }

  @Test
  void istioListAnswering404StaysUnreadyAndNamesTheCrd() {
    mesh.withIstioCrds();
    // Discovery still lists the CRD, but the list fails, as when a CRD is deleted while istiod-lite starts.
    server.expect().get().withPath("/apis/networking.istio.io/v1/virtualservices?resourceVersion=0")
        .andReturn(404, new StatusBuilder().withCode(404).withReason("NotFound").build()).always();
    try (LogCapture log = LogCapture.of(KubernetesConfigSource.class)) {
      KubernetesConfigSource source = new KubernetesConfigSource(client, new ConfigMetrics(new SimpleMeterRegistry()),
          "cluster.local");
      mesh.source = source;
      source.start(mesh.store);

      MockMesh.waiting().untilAsserted(() -> assertThat(log.messages(Level.SEVERE)).anySatisfy(m ->
          assertThat(m).contains("VirtualService list failed with 404", "virtualservices.networking.istio.io")));
      assertThat(source.synced()).isFalse();
      assertThat(mesh.updates).isEmpty();
    }
  }

  @Test
  void unreachableApiServerDoesNotBlockStartAndStaysUnready() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + closedPort)
        .withRequestRetryBackoffLimit(0).withConnectionTimeout(500).withRequestTimeout(500).build();
    ConfigStore store = new ConfigStore();
    try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(config).build();
        LogCapture log = LogCapture.of(KubernetesConfigSource.class)) {
      KubernetesConfigSource source = new KubernetesConfigSource(unreachable,
          new ConfigMetrics(new SimpleMeterRegistry()), "cluster.local", Map.of(), Duration.ofSeconds(2));

      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> source.start(store));

      MockMesh.waiting().untilAsserted(() -> assertThat(log.messages(Level.WARNING))
          .anySatisfy(m -> assertThat(m).contains("127.0.0.1:" + closedPort, "not ready")));
      assertThat(source.synced()).isFalse();
      assertThat(store.snapshot()).isSameAs(ConfigSnapshot.EMPTY);
      source.close();
    }
  }

  @Test
  void discoverySelectorLimitsTheMeshToSelectedNamespaces() {
    mesh.withIstioCrds();
    mesh.apply(new NamespaceBuilder().withNewMetadata().withName("mesh").withLabels(Map.of("istio-discovery", "on"))
        .endMetadata().build());
    mesh.apply(new NamespaceBuilder().withNewMetadata().withName("legacy").endMetadata().build());
    mesh.applyIstio(Kind.VIRTUAL_SERVICE, virtualService("mesh", "a", "a", "a", 100));
    mesh.applyIstio(Kind.VIRTUAL_SERVICE, virtualService("legacy", "b", "b", "b", 100));
    mesh.apply(pod("legacy", "old-app", "10.1.0.9", Map.of("app", "old")));

    mesh.startAndSync(Map.of("istio-discovery", "on"));

    assertThat(mesh.snapshot().configs()).containsOnlyKeys(new ConfigKey(Kind.VIRTUAL_SERVICE, "mesh", "a"));
    assertThat(mesh.snapshot().kubeWorkloads()).isEmpty();

    mesh.apply(new NamespaceBuilder().withNewMetadata().withName("legacy").withLabels(Map.of("istio-discovery", "on"))
        .endMetadata().build());

    MockMesh.Update selected = mesh.awaitUpdate(u -> u.change().reason().startsWith("Namespace legacy selected"));
    assertThat(selected.change().kinds()).isEqualTo(EnumSet.allOf(Kind.class));
    assertThat(selected.snapshot().configs()).containsOnlyKeys(
        new ConfigKey(Kind.VIRTUAL_SERVICE, "mesh", "a"), new ConfigKey(Kind.VIRTUAL_SERVICE, "legacy", "b"));
    assertThat(selected.snapshot().kubeWorkloads()).extracting(WorkloadInstance::name).containsExactly("old-app");

    mesh.apply(new NamespaceBuilder().withNewMetadata().withName("legacy").endMetadata().build());

    MockMesh.Update dropped = mesh.awaitUpdate(u -> u.change().reason().startsWith("Namespace legacy no longer"));
    assertThat(dropped.snapshot().configs()).containsOnlyKeys(new ConfigKey(Kind.VIRTUAL_SERVICE, "mesh", "a"));
    assertThat(dropped.snapshot().kubeWorkloads()).isEmpty();
  }

  @Test
  void closeStopsFollowingTheCluster() {
    mesh.withIstioCrds();
    mesh.applyIstio(Kind.VIRTUAL_SERVICE, virtualService("shop", "early", "early", "early", 100));
    mesh.startAndSync();
    mesh.source.close();

    mesh.applyIstio(Kind.VIRTUAL_SERVICE, virtualService("shop", "late", "late", "late", 100));

    MockMesh.waiting().during(Duration.ofMillis(500)).until(() -> mesh.updates.size() == 1);
    assertThat(mesh.source.synced()).isFalse();
  }

  @Test
  void startTwiceIsRefused() {
    mesh.withIstioCrds().startAndSync();

    assertThatThrownBy(() -> mesh.source.start(new ConfigStore())).hasMessageContaining("already started");
  }
}

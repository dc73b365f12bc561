package dev.rigging.istiod.config.kube;

import static dev.rigging.istiod.registry.kube.KubeFixtures.node;
import static dev.rigging.istiod.registry.kube.KubeFixtures.pod;
import static dev.rigging.istiod.registry.kube.KubeFixtures.podEndpoint;
import static dev.rigging.istiod.registry.kube.KubeFixtures.runningPod;
import static dev.rigging.istiod.registry.kube.KubeFixtures.slice;
import static dev.rigging.istiod.registry.kube.KubeFixtures.slicePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rigging.istiod.config.ConfigChange;
import dev.rigging.istiod.registry.Endpoint;
import dev.rigging.istiod.registry.Locality;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.MeshService.Resolution;
import dev.rigging.istiod.registry.ServiceKey;
import dev.rigging.istiod.registry.WorkloadInstance;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesConfigSourceRegistryTest {
  private static final ServiceKey REVIEWS = new ServiceKey("reviews.shop.svc.cluster.local", "shop");

  KubernetesMockServer server;
  KubernetesClient client;
  MockMesh mesh;

  @BeforeEach
  void setUp() {
    mesh = new MockMesh(client).withIstioCrds().startAndSync();
  }

  @AfterEach
  void tearDown() {
    mesh.close();
  }

  private static Service reviews(int port) {
    return new ServiceBuilder()
        .withNewMetadata().withNamespace("shop").withName("reviews").endMetadata()
        .withNewSpec().withClusterIP("10.96.0.10")
        .addNewPort().withName("http").withPort(port).withTargetPort(new IntOrString("http-api")).endPort()
        .endSpec().build();
  }

  private static EndpointSlice reviewsSlice(io.fabric8.kubernetes.api.model.discovery.v1.Endpoint... endpoints) {
    return slice("shop", "reviews-1", "reviews").withPorts(slicePort("http", 8080)).withEndpoints(endpoints).build();
  }

  private List<Endpoint> reviewsEndpoints(MockMesh.Update u) {
    return u.snapshot().kubeEndpoints().getOrDefault(REVIEWS, List.of());
  }

  @Test
  void serviceAndEndpointSliceLifecycleReachesTheRegistryWithTheRightChanges() {
    int mark = mesh.mark();
    mesh.apply(reviews(9080));

    MockMesh.Update created = mesh.awaitUpdate(mark, u -> true);
    assertThat(created.change()).isEqualTo(ConfigChange.kubeServices("Service shop/reviews"));
    assertThat(created.snapshot().kubeServices()).singleElement().satisfies(s -> {
      assertThat(s.hostname()).isEqualTo("reviews.shop.svc.cluster.local");
      assertThat(s.addresses()).containsExactly("10.96.0.10");
      assertThat(s.resolution()).isEqualTo(Resolution.STATIC);
    });
    assertThat(reviewsEndpoints(created)).isEmpty();

    mesh.apply(pod("shop", "reviews-v1", "10.1.0.1", Map.of("app", "reviews", "version", "v1")));
    mesh.apply(pod("shop", "reviews-v2", "10.1.0.2", Map.of("app", "reviews", "version", "v2")));
    MockMesh.waiting().until(() -> mesh.snapshot().kubeWorkloads().size() == 2);

    mark = mesh.mark();
    mesh.apply(reviewsSlice(podEndpoint("shop", "reviews-v1", "10.1.0.1")));

    MockMesh.Update sliced = mesh.awaitUpdate(mark, u -> true);
    assertThat(sliced.change()).isEqualTo(ConfigChange.kubeEndpoints("EndpointSlice shop/reviews-1"));
    assertThat(reviewsEndpoints(sliced)).singleElement().satisfies(e -> {
      assertThat(e.address()).isEqualTo("10.1.0.1");
      assertThat(e.port()).isEqualTo(8080);
      assertThat(e.servicePort()).isEqualTo(9080);
      assertThat(e.labels()).containsEntry("version", "v1");
      assertThat(e.serviceAccount()).isEqualTo("sa-reviews-v1");
    });

    mark = mesh.mark();
    mesh.apply(reviewsSlice(podEndpoint("shop", "reviews-v1", "10.1.0.1", false).build(),
        podEndpoint("shop", "reviews-v2", "10.1.0.2")));

    MockMesh.Update grown = mesh.awaitUpdate(mark, u -> true);
    assertThat(grown.change().endpoints()).isTrue();
    assertThat(reviewsEndpoints(grown)).extracting(Endpoint::address, Endpoint::healthy).containsExactly(
        tuple("10.1.0.1", false), tuple("10.1.0.2", true));

    mark = mesh.mark();
    mesh.apply(reviews(9081));

    MockMesh.Update renumbered = mesh.awaitUpdate(mark, u -> true);
    assertThat(renumbered.change()).isEqualTo(ConfigChange.kubeServices("Service shop/reviews"));
    assertThat(reviewsEndpoints(renumbered)).extracting(Endpoint::servicePort).containsOnly(9081);

    mark = mesh.mark();
    mesh.delete(reviewsSlice());

    MockMesh.Update unsliced = mesh.awaitUpdate(mark, u -> true);
    assertThat(unsliced.change()).isEqualTo(ConfigChange.kubeEndpoints("EndpointSlice shop/reviews-1"));
    assertThat(reviewsEndpoints(unsliced)).isEmpty();

    mark = mesh.mark();
    mesh.delete(reviews(9081));

    MockMesh.Update deleted = mesh.awaitUpdate(mark, u -> true);
    assertThat(deleted.change()).isEqualTo(ConfigChange.kubeServices("Service shop/reviews"));
    assertThat(deleted.snapshot().kubeServices()).isEmpty();
    assertThat(deleted.snapshot().kubeEndpoints()).doesNotContainKey(REVIEWS);
  }

  @Test
  void podsFeedWorkloadsAndTheirEndpoints() {
    mesh.apply(reviews(9080));
    mesh.apply(reviewsSlice(podEndpoint("shop", "reviews-v1", "10.1.0.1")));
    MockMesh.waiting().until(() -> mesh.snapshot().kubeServices().size() == 1);
    assertThat(mesh.snapshot().kubeEndpoints().get(REVIEWS)).as("endpoint waits for its pod").isEmpty();

    int mark = mesh.mark();
    mesh.apply(pod("shop", "reviews-v1", "10.1.0.1", Map.of("app", "reviews", "version", "v1")));

    MockMesh.Update arrived = mesh.awaitUpdate(mark, u -> true);
    assertThat(arrived.change()).isEqualTo(ConfigChange.kubeEndpoints("Pod shop/reviews-v1"));
    assertThat(arrived.snapshot().kubeWorkloads()).singleElement().satisfies(w -> {
      assertThat(w.name()).isEqualTo("reviews-v1");
      assertThat(w.address()).isEqualTo("10.1.0.1");
      assertThat(w.namedPorts()).containsEntry("http-api", 8080);
      assertThat(w.healthy()).isTrue();
    });
    assertThat(reviewsEndpoints(arrived)).extracting(Endpoint::labels)
        .containsExactly(Map.of("app", "reviews", "version", "v1"));

    mark = mesh.mark();
    mesh.apply(runningPod("shop", "reviews-v1", "10.1.0.1", Map.of("app", "reviews", "version", "v1-canary")).build());

    MockMesh.Update relabelled = mesh.awaitUpdate(mark, u -> true);
    assertThat(relabelled.change().endpoints()).isTrue();
    assertThat(reviewsEndpoints(relabelled)).extracting(e -> e.labels().get("version")).containsExactly("v1-canary");
    assertThat(relabelled.snapshot().kubeWorkloads()).extracting(w -> w.labels().get("version"))
        .containsExactly("v1-canary");

    mark = mesh.mark();
    Pod finished = runningPod("shop", "reviews-v1", "10.1.0.1", Map.of("app", "reviews", "version", "v1-canary"))
        .editStatus().withPhase("Succeeded").endStatus().build();
    mesh.apply(finished);

    MockMesh.Update gone = mesh.awaitUpdate(mark, u -> true);
    assertThat(gone.snapshot().kubeWorkloads()).isEmpty();

    mark = mesh.mark();
    mesh.delete(finished);

    MockMesh.Update deleted = mesh.awaitUpdate(mark, u -> true);
    assertThat(deleted.change()).isEqualTo(ConfigChange.kubeEndpoints("Pod shop/reviews-v1"));
    assertThat(reviewsEndpoints(deleted)).isEmpty();
  }

  @Test
  void externalNameServiceResolvesByDnsToItsExternalName() {
    mesh.apply(new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("payments").endMetadata()
        .withNewSpec().withType("ExternalName").withExternalName("api.payments.example.com")
        .addNewPort().withName("https").withPort(443).endPort().endSpec().build());

    MockMesh.waiting().until(() -> mesh.snapshot().kubeServices().size() == 1);
    MeshService payments = mesh.snapshot().kubeServices().get(0);
    assertThat(payments.resolution()).isEqualTo(Resolution.DNS);
    assertThat(payments.addresses()).isEmpty();
    assertThat(mesh.snapshot().kubeEndpoints().get(payments.key())).singleElement().satisfies(e -> {
      assertThat(e.address()).isEqualTo("api.payments.example.com");
      assertThat(e.port()).isEqualTo(443);
      assertThat(e.servicePort()).isEqualTo(443);
    });
  }

  @Test
  void headlessServiceIsPassthroughWithItsPodsAsEndpoints() {
    mesh.apply(pod("db", "cassandra-0", "10.2.0.1", Map.of("app", "cassandra")));
    mesh.apply(new ServiceBuilder().withNewMetadata().withNamespace("db").withName("cassandra").endMetadata()
        .withNewSpec().withClusterIP("None").addNewPort().withName("tcp-cql").withPort(9042).endPort().endSpec()
        .build());
    mesh.apply(slice("db", "cassandra-1", "cassandra").withPorts(slicePort("tcp-cql", 9042))
        .withEndpoints(podEndpoint("db", "cassandra-0", "10.2.0.1")).build());

    ServiceKey key = new ServiceKey("cassandra.db.svc.cluster.local", "db");
    MockMesh.waiting().until(() -> !mesh.snapshot().kubeEndpoints().getOrDefault(key, List.of()).isEmpty());
    assertThat(mesh.snapshot().kubeServices()).singleElement().satisfies(s -> {
      assertThat(s.resolution()).isEqualTo(Resolution.PASSTHROUGH);
      assertThat(s.addresses()).isEmpty();
    });
    assertThat(mesh.snapshot().kubeEndpoints().get(key)).extracting(Endpoint::address, Endpoint::port)
        .containsExactly(tuple("10.2.0.1", 9042));
  }

  @Test
  void namedTargetPortTakesItsNumberFromTheEndpointSlice() {
    mesh.apply(pod("shop", "reviews-v1", "10.1.0.1", Map.of("app", "reviews")));
    mesh.apply(reviews(80));
    mesh.apply(reviewsSlice(podEndpoint("shop", "reviews-v1", "10.1.0.1")));

    MockMesh.waiting().until(() -> !mesh.snapshot().kubeEndpoints().getOrDefault(REVIEWS, List.of()).isEmpty());
    MeshService svc = mesh.snapshot().kubeServices().get(0);
    assertThat(svc.port(80)).hasValueSatisfying(p -> assertThat(p.targetPort()).isEqualTo(80));
    assertThat(mesh.snapshot().kubeEndpoints().get(REVIEWS)).extracting(Endpoint::port, Endpoint::servicePort)
        .containsExactly(tuple(8080, 80));
    assertThat(mesh.snapshot().kubeWorkloads()).extracting(WorkloadInstance::namedPorts)
        .containsExactly(Map.of("http-api", 8080));
  }

  @Test
  void nodeLocalityChangesReachEndpointsButOtherNodeUpdatesDoNot() {
    mesh.apply(node("node-a", Map.of("topology.kubernetes.io/region", "eu-west1", "topology.kubernetes.io/zone", "eu-west1-b")));
    mesh.apply(pod("shop", "reviews-v1", "10.1.0.1", Map.of("app", "reviews")));
    mesh.apply(reviews(9080));
    mesh.apply(reviewsSlice(podEndpoint("shop", "reviews-v1", "10.1.0.1")));
    MockMesh.waiting().until(() -> !mesh.snapshot().kubeEndpoints().getOrDefault(REVIEWS, List.of()).isEmpty());
    assertThat(mesh.snapshot().kubeEndpoints().get(REVIEWS).get(0).locality())
        .isEqualTo(new Locality("eu-west1", "eu-west1-b", ""));

    int mark = mesh.mark();
    mesh.apply(node("node-a", Map.of("topology.kubernetes.io/region", "eu-west1", "topology.kubernetes.io/zone", "eu-west1-b",
        "unrelated", "label")));
    mesh.apply(node("node-a", Map.of("topology.kubernetes.io/region", "eu-west1", "topology.kubernetes.io/zone", "eu-west1-b",
        "topology.istio.io/subzone", "rack3")));

    MockMesh.Update moved = mesh.awaitUpdate(mark, u -> true);
    assertThat(moved.change()).isEqualTo(ConfigChange.kubeEndpoints("Node node-a"));
    assertThat(reviewsEndpoints(moved).get(0).locality()).isEqualTo(new Locality("eu-west1", "eu-west1-b", "rack3"));
    assertThat(moved.snapshot().kubeWorkloads().get(0).locality()).isEqualTo(new Locality("eu-west1", "eu-west1-b", "rack3"));
  }
}

package dev.rigging.istiod.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rigging.istiod.app.ControlPlane;
import dev.rigging.mesh.crd.Crds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.grpc.StatusRuntimeException;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same routing flow as {@link ProxylessRoutingTest}, in Kubernetes mode: istiod-lite watches
 * the Fabric8 API server (CRUD mode), and the mesh is made of a Service, Pods, EndpointSlices and
 * Istio custom resources. The data plane is real: a grpc-java xDS client calls real gRPC backends.
 */
@QuarkusTest
@TestProfile(KubernetesRoutingTest.KubernetesMode.class)
@WithKubernetesTestServer(crud = true, https = false, setup = KubernetesRoutingTest.InstallCrds.class)
class KubernetesRoutingTest {
  static final String HOST = "reviews.shop.svc.cluster.local";
  static final Map<String, Backend> BACKENDS = new HashMap<>();
  static XdsClient frontend;

  @KubernetesTestServer KubernetesServer server;
  @Inject ControlPlane cp;

  /** Kubernetes mode, nothing else changed. */
  public static class KubernetesMode implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("rigging.config.mode", "kubernetes");
    }
  }

  /** The Istio CRDs must exist before istiod-lite starts its informers. */
  public static class InstallCrds implements Consumer<KubernetesServer> {
    @Override
    public void accept(KubernetesServer server) {
      for (String yaml : Crds.yaml()) {
        CustomResourceDefinition crd = server.getClient().apiextensions().v1().customResourceDefinitions()
            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).item();
        server.getClient().apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
    }
  }

  @BeforeAll
  static void startBackends() {
    for (String v : List.of("v1", "v2", "v3")) {
      BACKENDS.put(v, new Backend(v, 0));
    }
  }

  @AfterAll
  static void stopBackends() {
    if (frontend != null) {
      frontend.close();
    }
    BACKENDS.values().forEach(Backend::close);
  }

  private KubernetesClient client() {
    return server.getClient();
  }

  private void createWorkloads() {
    if (client().services().inNamespace("shop").withName("reviews").get() != null) {
      return;
    }
    client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();
    client().services().inNamespace("shop").resource(new ServiceBuilder()
        .withNewMetadata().withName("reviews").withNamespace("shop").endMetadata()
        .withNewSpec().withClusterIP("10.96.0.20").addToSelector("app", "reviews")
        .addNewPort().withName("grpc").withPort(9080).withNewTargetPort(9080).endPort().endSpec()
        .build()).create();
    BACKENDS.forEach((v, b) -> {
      client().pods().inNamespace("shop").resource(new PodBuilder()
          .withNewMetadata().withName("reviews-" + v).withNamespace("shop")
          .addToLabels("app", "reviews").addToLabels("version", v).endMetadata()
          .withNewSpec().withServiceAccountName("reviews").addNewContainer().withName("app").withImage("reviews")
          .endContainer().endSpec()
          .withNewStatus().withPhase("Running").withPodIP("127.0.0.1").endStatus()
          .build()).create();
      // One slice per version: each backend listens on its own loopback port.
      client().discovery().v1().endpointSlices().inNamespace("shop").resource(new EndpointSliceBuilder()
          .withNewMetadata().withName("reviews-" + v).withNamespace("shop")
          .addToLabels("kubernetes.io/service-name", "reviews").endMetadata()
          .withAddressType("IPv4")
          .addNewPort().withName("grpc").withPort(b.port()).withProtocol("TCP").endPort()
          .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
          .withNewTargetRef().withKind("Pod").withName("reviews-" + v).withNamespace("shop").endTargetRef()
          .endEndpoint()
          .build()).create();
    });
    apply("""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews, namespace: shop}
        spec:
          host: reviews
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v2, labels: {version: v2}}
          - {name: v3, labels: {version: v3}}
        """);
    frontend = new XdsClient("127.0.0.1:25010", HOST + ":9080", "frontend-1", "shop", Map.of("app", "frontend"));
  }

  private void apply(String yaml) {
    GenericKubernetesResource r = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    client().genericKubernetesResources("networking.istio.io/v1", r.getKind()).inNamespace("shop")
        .resource(r).createOr(existing -> existing.update());
  }

  static String split(int v1, int v3) {
    return """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {host: reviews, subset: v1}
              weight: %d
            - destination: {host: reviews, subset: v3}
              weight: %d
        """.formatted(v1, v3);
  }

  private Map<String, Integer> calls(int n) {
    Map<String, Integer> served = new HashMap<>();
    for (int i = 0; i < n; i++) {
      served.merge(frontend.call("hello", Map.of(), 5_000), 1, Integer::sum);
    }
    return served;
  }

  @Test
  void servicesEndpointSlicesAndCustomResourcesDriveRealCalls() {
    createWorkloads();
    await().atMost(Duration.ofSeconds(20)).until(() -> cp.ready());
    assertThat(cp.source().describe()).startsWith("kubernetes");

    // No VirtualService yet: the default route spreads over every ready endpoint.
    await().atMost(Duration.ofSeconds(20)).until(() -> calls(30).keySet().containsAll(List.of("v1", "v2", "v3")));

    apply(split(80, 20));
    await().atMost(Duration.ofSeconds(20)).until(() -> calls(20).keySet().equals(java.util.Set.of("v1", "v3")));
    Map<String, Integer> served = calls(1000);
    assertThat(served.getOrDefault("v1", 0) / 1000.0).as("share of v1 in %s", served).isBetween(0.75, 0.85);

    long stream = Convergence.streamOf(cp, frontend.nodeId());
    apply(split(0, 100));
    await().atMost(Duration.ofSeconds(20)).until(() -> calls(20).equals(Map.of("v3", 20)));
    assertThat(Convergence.streamOf(cp, frontend.nodeId())).as("edits arrive on the same stream").isEqualTo(stream);

    // An invalid edit is rejected by istiod-lite; the last valid VirtualService keeps routing.
    apply(split(-5, 100));
    await().atMost(Duration.ofSeconds(20)).until(() -> cp.source().rejected().keySet().stream()
        .anyMatch(k -> k.contains("VirtualService") && k.contains("shop/reviews")));
    assertThat(calls(30)).containsOnly(Map.entry("v3", 30));

    // A second v3 endpoint appears (another slice; its process happens to answer "v2"): an
    // endpoint-only change, pushed as EDS alone, and v3 traffic spreads over both endpoints.
    var conn = cp.xds().connections().connections().stream()
        .filter(c -> c.proxy().id().equals(frontend.nodeId())).findFirst().orElseThrow();
    String cds = io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
    String eds = io.envoyproxy.controlplane.cache.Resources.V3.ENDPOINT_TYPE_URL;
    String cdsBefore = conn.types().get(cds).sentVersion();
    String edsBefore = conn.types().get(eds).sentVersion();
    client().discovery().v1().endpointSlices().inNamespace("shop").resource(new EndpointSliceBuilder()
        .withNewMetadata().withName("reviews-extra").withNamespace("shop")
        .addToLabels("kubernetes.io/service-name", "reviews").endMetadata()
        .withAddressType("IPv4")
        .addNewPort().withName("grpc").withPort(BACKENDS.get("v2").port()).withProtocol("TCP").endPort()
        .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
        .withNewTargetRef().withKind("Pod").withName("reviews-v3").withNamespace("shop").endTargetRef()
        .endEndpoint()
        .build()).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> calls(20).keySet().equals(java.util.Set.of("v2", "v3")));
    assertThat(conn.types().get(cds).sentVersion()).as("clusters were not resent").isEqualTo(cdsBefore);
    assertThat(conn.types().get(eds).sentVersion()).as("endpoints were").isNotEqualTo(edsBefore);
    client().discovery().v1().endpointSlices().inNamespace("shop").withName("reviews-extra").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> calls(20).equals(Map.of("v3", 20)));
  }
}

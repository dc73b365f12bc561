package dev.rigging.istiod.registry.kube;

import static dev.rigging.istiod.registry.kube.KubeFixtures.node;
import static dev.rigging.istiod.registry.kube.KubeFixtures.pod;
import static dev.rigging.istiod.registry.kube.KubeFixtures.podEndpoint;
import static dev.rigging.istiod.registry.kube.KubeFixtures.slice;
import static dev.rigging.istiod.registry.kube.KubeFixtures.slicePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rigging.istiod.registry.Endpoint;
import dev.rigging.istiod.registry.Locality;
import dev.rigging.istiod.registry.MeshService;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointSliceConverterTest {
  private final KubeServiceConverter services = new KubeServiceConverter("cluster.local");

  private final Service reviews = new ServiceBuilder()
      .withNewMetadata().withNamespace("shop").withName("reviews").endMetadata()
      .withNewSpec().withClusterIP("10.96.0.10")
      .addNewPort().withName("http").withPort(9080).withTargetPort(new IntOrString("http-api")).endPort()
      .addNewPort().withName("grpc").withPort(9090).withTargetPort(new IntOrString(9090)).endPort()
      .endSpec().build();

  private final Pod v1 = pod("shop", "reviews-v1", "10.1.0.1", Map.of("app", "reviews", "version", "v1"));
  private final Pod v2 = pod("shop", "reviews-v2", "10.1.0.2", Map.of("app", "reviews", "version", "v2"));
  private final ClusterLookup lookup = ClusterLookup.of(List.of(v1, v2), List.of(
      node("node-a", Map.of("topology.kubernetes.io/region", "eu-west1", "topology.kubernetes.io/zone", "eu-west1-b",
          "topology.istio.io/subzone", "rack7"))));

  private List<Endpoint> convert(Service service, EndpointSlice... slices) {
    MeshService mesh = services.convert(service);
    return EndpointSliceConverter.convert(service, mesh, List.of(slices), lookup);
  }

  @Test
  void oneEndpointPerAddressAndSlicePortWithPodLabelsIdentityAndTargetPort() {
    EndpointSlice slice = slice("shop", "reviews-abc", "reviews")
        .withPorts(slicePort("http", 8080), slicePort("grpc", 9090))
        .withEndpoints(podEndpoint("shop", "reviews-v1", "10.1.0.1"), podEndpoint("shop", "reviews-v2", "10.1.0.2"))
        .build();

    List<Endpoint> eps = convert(reviews, slice);

    assertThat(eps).extracting(Endpoint::address, Endpoint::port, Endpoint::servicePort).containsExactly(
        tuple("10.1.0.1", 8080, 9080),
        tuple("10.1.0.2", 8080, 9080),
        tuple("10.1.0.1", 9090, 9090),
        tuple("10.1.0.2", 9090, 9090));
    Endpoint first = eps.get(0);
    assertThat(first.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("app", "reviews", "version", "v1"));
    assertThat(first.serviceAccount()).isEqualTo("sa-reviews-v1");
    assertThat(first.workload()).isEqualTo("reviews-v1");
    assertThat(first.healthy()).isTrue();
    assertThat(first.weight()).isEqualTo(1);
  }

  @Test
  void readyConditionDecidesHealthAndTerminatingServingEndpointsAreNotHealthy() {
    EndpointSlice slice = slice("shop", "reviews-abc", "reviews")
        .withPorts(slicePort("http", 8080))
        .withEndpoints(
            podEndpoint("shop", "reviews-v1", "10.1.0.1", null).build(),
            podEndpoint("shop", "reviews-v2", "10.1.0.2", false).editConditions().withServing(true).withTerminating(true)
                .endConditions().build())
        .build();

    assertThat(convert(reviews, slice)).extracting(Endpoint::address, Endpoint::healthy).containsExactly(
        tuple("10.1.0.1", true),
        tuple("10.1.0.2", false));
  }

  @Test
  void publishNotReadyAddressesMakesEveryEndpointHealthy() {
    Service stateful = new ServiceBuilder(reviews).editSpec().withPublishNotReadyAddresses(true).endSpec().build();
    EndpointSlice slice = slice("shop", "reviews-abc", "reviews").withPorts(slicePort("http", 8080))
        .withEndpoints(podEndpoint("shop", "reviews-v1", "10.1.0.1", false).build()).build();

    assertThat(convert(stateful, slice)).extracting(Endpoint::healthy).containsExactly(true);
  }

  @Test
  void slicePortWithoutMatchingServicePortIsSkipped() {
    EndpointSlice slice = slice("shop", "reviews-abc", "reviews")
        .withPorts(slicePort("http", 8080), slicePort("removed", 7000))
        .withEndpoints(podEndpoint("shop", "reviews-v1", "10.1.0.1")).build();

    assertThat(convert(reviews, slice)).extracting(Endpoint::servicePort).containsExactly(9080);
  }

  @Test
  void unnamedSinglePortMatchesTheUnnamedServicePort() {
    Service single = new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("cache").endMetadata()
        .withNewSpec().withClusterIP("10.96.0.11").addNewPort().withPort(6379).endPort().endSpec().build();
    EndpointSlice slice = slice("shop", "cache-1", "cache")
        .withPorts(new EndpointPortBuilder().withPort(6380).build())
        .withEndpoints(podEndpoint("shop", "reviews-v1", "10.1.0.1")).build();

    assertThat(convert(single, slice)).extracting(Endpoint::port, Endpoint::servicePort)
        .containsExactly(tuple(6380, 6379));
  }

  @Test
  void endpointWhosePodIsNotKnownYetIsLeftOut() {
    EndpointSlice slice = slice("shop", "reviews-abc", "reviews").withPorts(slicePort("http", 8080))
        .withEndpoints(podEndpoint("shop", "reviews-v1", "10.1.0.1"), podEndpoint("shop", "reviews-v3", "10.1.0.3"))
        .build();

    assertThat(convert(reviews, slice)).extracting(Endpoint::address).containsExactly("10.1.0.1");
  }

  @Test
  void endpointWithoutPodIsKeptWithoutLabelsOrIdentity() {
    EndpointSlice slice = slice("shop", "reviews-manual", "reviews").withPorts(slicePort("http", 8080))
        .withEndpoints(new EndpointBuilder().withAddresses("192.168.1.10").build()).build();

    Endpoint ep = convert(reviews, slice).get(0);

    assertThat(ep.address()).isEqualTo("192.168.1.10");
    assertThat(ep.labels()).isEmpty();
    assertThat(ep.serviceAccount()).isEmpty();
    assertThat(ep.healthy()).isTrue();
    assertThat(ep.locality()).isEqualTo(Locality.UNKNOWN);
  }

  @Test
  void localityTakesRegionAndSubzoneFromTheNodeAndZoneFromTheSlice() {
    EndpointSlice slice = slice("shop", "reviews-abc", "reviews").withPorts(slicePort("http", 8080))
        .withEndpoints(podEndpoint("shop", "reviews-v1", "10.1.0.1", true).withZone("eu-west1-c").withNodeName("node-a")
            .build())
        .build();

    assertThat(convert(reviews, slice).get(0).locality()).isEqualTo(new Locality("eu-west1", "eu-west1-c", "rack7"));
  }

  @Test
  void nodeZoneIsUsedWhenTheSliceHasNoneAndPodLabelOverridesEverything() {
    Pod pinned = new PodBuilder(v2).editMetadata()
        .addToLabels("istio-locality", "us-east1.us-east1-a.r1").endMetadata().build();
    ClusterLookup withPinned = ClusterLookup.of(List.of(v1, pinned), List.of(
        node("node-a", Map.of("topology.kubernetes.io/region", "eu-west1", "topology.kubernetes.io/zone", "eu-west1-b"))));
    EndpointSlice slice = slice("shop", "reviews-abc", "reviews").withPorts(slicePort("http", 8080))
        .withEndpoints(podEndpoint("shop", "reviews-v1", "10.1.0.1"), podEndpoint("shop", "reviews-v2", "10.1.0.2"))
        .build();

    List<Endpoint> eps = EndpointSliceConverter.convert(reviews, services.convert(reviews), List.of(slice), withPinned);

    assertThat(eps).extracting(Endpoint::locality).containsExactly(
        new Locality("eu-west1", "eu-west1-b", ""), new Locality("us-east1", "us-east1-a", "r1"));
  }

  @Test
  void fqdnSlicesAreIgnored() {
    EndpointSlice fqdn = slice("shop", "reviews-fqdn", "reviews").withAddressType("FQDN").withPorts(slicePort("http", 80))
        .withEndpoints(new EndpointBuilder().withAddresses("reviews.example.com").build()).build();

    assertThat(convert(reviews, fqdn)).isEmpty();
  }

  @Test
  void endpointInTwoSlicesDuringAMoveAppearsOnceAndHealthyWins() {
    EndpointSlice old = slice("shop", "reviews-a", "reviews").withPorts(slicePort("http", 8080))
        .withEndpoints(podEndpoint("shop", "reviews-v1", "10.1.0.1", false).build()).build();
    EndpointSlice moved = slice("shop", "reviews-b", "reviews").withPorts(slicePort("http", 8080))
        .withEndpoints(podEndpoint("shop", "reviews-v1", "10.1.0.1", true).build()).build();

    assertThat(convert(reviews, old, moved)).extracting(Endpoint::address, Endpoint::healthy)
        .containsExactly(tuple("10.1.0.1", true));
    assertThat(convert(reviews, moved, old)).extracting(Endpoint::healthy).containsExactly(true);
  }

  @Test
  void dualStackEndpointYieldsOneEndpointPerAddress() {
    EndpointSlice slice = slice("shop", "reviews-abc", "reviews").withPorts(slicePort("http", 8080))
        .withEndpoints(new EndpointBuilder(podEndpoint("shop", "reviews-v1", "10.1.0.1")).withAddresses("10.1.0.1", "10.1.0.9")
            .build())
        .build();

    assertThat(convert(reviews, slice)).extracting(Endpoint::address).containsExactly("10.1.0.1", "10.1.0.9");
  }

  @Test
  void externalNameServiceHasTheExternalNameAsItsOnlyEndpointPerPort() {
    Service external = new ServiceBuilder()
        .withNewMetadata().withNamespace("shop").withName("payments").withLabels(Map.of("team", "pay")).endMetadata()
        .withNewSpec().withType("ExternalName").withExternalName("api.payments.example.com")
        .addNewPort().withName("https").withPort(443).endPort().endSpec().build();

    List<Endpoint> eps = convert(external, slice("shop", "ignored", "payments").withPorts(slicePort("https", 443))
        .withEndpoints(new EndpointBuilder().withAddresses("1.2.3.4").build()).build());

    assertThat(eps).containsExactly(new Endpoint("api.payments.example.com", 443, 443, Map.of("team", "pay"),
        Locality.UNKNOWN, 1, "", true, "payments"));
  }

  @Test
  void headlessServiceStillListsItsPods() {
    Service headless = new ServiceBuilder(reviews).editSpec().withClusterIP("None").endSpec().build();
    EndpointSlice slice = slice("shop", "reviews-abc", "reviews").withPorts(slicePort("http", 8080))
        .withEndpoints(podEndpoint("shop", "reviews-v1", "10.1.0.1")).build();

    assertThat(convert(headless, slice)).extracting(Endpoint::address, Endpoint::port)
        .containsExactly(tuple("10.1.0.1", 8080));
  }
}

package dev.rigging.istiod.registry.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.MeshService.Resolution;
import dev.rigging.istiod.registry.Protocol;
import dev.rigging.istiod.registry.ServiceKey;
import dev.rigging.istiod.registry.ServicePort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KubeServiceConverterTest {
  private final KubeServiceConverter converter = new KubeServiceConverter("cluster.local");

  private static ServiceBuilder service(String ns, String name) {
    return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata();
  }

  private static io.fabric8.kubernetes.api.model.ServicePort port(String name, int port) {
    return new ServicePortBuilder().withName(name).withPort(port).withProtocol("TCP").build();
  }

  @Test
  void clusterIpServiceIsStaticWithHostLabelsAddressesAndOrigin() {
    Service svc = service("shop", "reviews")
        .editMetadata().withLabels(Map.of("app", "reviews")).withCreationTimestamp("2024-03-01T10:00:00Z").endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP("10.96.0.12").withClusterIPs("10.96.0.12", "fd00::12")
        .withPorts(port("http", 9080)).endSpec()
        .build();

    MeshService mesh = converter.convert(svc);

    assertThat(mesh.hostname()).isEqualTo("reviews.shop.svc.cluster.local");
    assertThat(mesh.namespace()).isEqualTo("shop");
    assertThat(mesh.resolution()).isEqualTo(Resolution.STATIC);
    assertThat(mesh.external()).isFalse();
    assertThat(mesh.addresses()).containsExactly("10.96.0.12", "fd00::12");
    assertThat(mesh.labels()).containsExactlyEntriesOf(Map.of("app", "reviews"));
    assertThat(mesh.exportTo()).containsExactly("*");
    assertThat(mesh.origin()).isEqualTo("Service shop/reviews");
    assertThat(mesh.createdAt()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z").toEpochMilli());
    assertThat(mesh.key()).isEqualTo(new ServiceKey("reviews.shop.svc.cluster.local", "shop"));
  }

  @Test
  void singleClusterIpIsUsedWhenClusterIpsIsAbsent() {
    Service svc = service("shop", "cart").withNewSpec().withClusterIP("10.96.0.20").withPorts(port("http", 80)).endSpec()
        .build();

    assertThat(converter.convert(svc).addresses()).containsExactly("10.96.0.20");
  }

  @Test
  void domainSuffixIsConfigurable() {
    KubeServiceConverter custom = new KubeServiceConverter("corp.example");
    Service svc = service("a", "b").withNewSpec().withClusterIP("10.0.0.1").endSpec().build();

    assertThat(custom.convert(svc).hostname()).isEqualTo("b.a.svc.corp.example");
    assertThat(custom.hostname("x", "y")).isEqualTo("y.x.svc.corp.example");
    assertThatThrownBy(() -> new KubeServiceConverter(" ")).hasMessageContaining("cluster.local");
  }

  @Test
  void protocolsFollowIstioSelection() {
    Service svc = service("shop", "multi").withNewSpec().withClusterIP("10.0.0.2").withPorts(
        port("http-web", 80),
        new ServicePortBuilder().withName("web").withPort(81).withAppProtocol("grpc").build(),
        new ServicePortBuilder().withName("http-but-h2c").withPort(82).withAppProtocol("kubernetes.io/h2c").build(),
        new ServicePortBuilder().withName("ws").withPort(83).withAppProtocol("kubernetes.io/ws").build(),
        new ServicePortBuilder().withName("wss").withPort(84).withAppProtocol("kubernetes.io/wss").build(),
        new ServicePortBuilder().withName("http-dns").withPort(53).withProtocol("UDP").build(),
        port("tls-secure", 443),
        port("metrics", 9090),
        new ServicePortBuilder().withPort(8080).build())
        .endSpec().build();

    assertThat(converter.convert(svc).ports()).extracting(ServicePort::name, ServicePort::protocol).containsExactly(
        tuple("http-web", Protocol.HTTP),
        tuple("web", Protocol.GRPC),
        tuple("http-but-h2c", Protocol.HTTP2),
        tuple("ws", Protocol.HTTP),
        tuple("wss", Protocol.HTTPS),
        tuple("http-dns", Protocol.UDP),
        tuple("tls-secure", Protocol.TLS),
        tuple("metrics", Protocol.TCP),
        tuple("", Protocol.TCP));
  }

  @Test
  void numericTargetPortIsKeptAndNamedTargetPortIsLeftToEndpoints() {
    Service svc = service("shop", "api").withNewSpec().withClusterIP("10.0.0.3").withPorts(
        new ServicePortBuilder().withName("http").withPort(80).withTargetPort(new IntOrString(8080)).build(),
        new ServicePortBuilder().withName("grpc").withPort(9000).withTargetPort(new IntOrString("grpc-port")).build(),
        new ServicePortBuilder().withName("admin").withPort(9901).build())
        .endSpec().build();

    assertThat(converter.convert(svc).ports()).containsExactly(
        new ServicePort("http", 80, Protocol.HTTP, 8080),
        new ServicePort("grpc", 9000, Protocol.GRPC, 9000),
        new ServicePort("admin", 9901, Protocol.TCP, 9901));
  }

  @Test
  void headlessServiceIsPassthroughWithoutAddresses() {
    Service svc = service("db", "cassandra").withNewSpec().withClusterIP("None").withClusterIPs("None")
        .withPorts(port("tcp-cql", 9042)).endSpec().build();

    MeshService mesh = converter.convert(svc);

    assertThat(mesh.resolution()).isEqualTo(Resolution.PASSTHROUGH);
    assertThat(mesh.addresses()).isEmpty();
    assertThat(mesh.ports()).extracting(ServicePort::port).containsExactly(9042);
  }

  @Test
  void externalNameServiceResolvesByDnsWithoutAddresses() {
    Service svc = service("shop", "payments").withNewSpec().withType("ExternalName")
        .withExternalName("api.payments.example.com").withPorts(port("https", 443)).endSpec().build();

    MeshService mesh = converter.convert(svc);

    assertThat(mesh.resolution()).isEqualTo(Resolution.DNS);
    assertThat(mesh.addresses()).isEmpty();
    assertThat(mesh.hostname()).isEqualTo("payments.shop.svc.cluster.local");
    assertThat(mesh.ports()).containsExactly(new ServicePort("https", 443, Protocol.HTTPS, 443));
  }

  @Test
  void exportToAnnotationIsSplitOnCommasAndTrimmed() {
    Service svc = service("shop", "internal")
        .editMetadata().withAnnotations(Map.of(KubeServiceConverter.EXPORT_TO_ANNOTATION, " . , istio-system ,, ")).endMetadata()
        .withNewSpec().withClusterIP("10.0.0.4").endSpec().build();

    MeshService mesh = converter.convert(svc);

    assertThat(mesh.exportTo()).containsExactlyInAnyOrder(".", "istio-system");
    assertThat(mesh.visibleFrom("shop")).isTrue();
    assertThat(mesh.visibleFrom("istio-system")).isTrue();
    assertThat(mesh.visibleFrom("other")).isFalse();
  }

  @Test
  void exportToNowhereHidesTheServiceAndBlankAnnotationMeansEveryone() {
    assertThat(KubeServiceConverter.exportTo("~")).containsExactly("~");
    assertThat(KubeServiceConverter.exportTo(" , ")).containsExactly("*");
    assertThat(KubeServiceConverter.exportTo(null)).isEqualTo(Set.of("*"));
  }

  @Test
  void missingOrMalformedCreationTimestampSortsFirst() {
    Service noTime = service("a", "x").withNewSpec().withClusterIP("10.0.0.5").endSpec().build();
    Service badTime = service("a", "y").editMetadata().withCreationTimestamp("yesterday").endMetadata()
        .withNewSpec().withClusterIP("10.0.0.6").endSpec().build();

    assertThat(converter.convert(noTime).createdAt()).isZero();
    assertThat(converter.convert(badTime).createdAt()).isZero();
  }

  @Test
  void serviceWithoutClusterIpYetIsStaticWithoutAddresses() {
    Service svc = service("a", "pending").withNewSpec().withPorts(port("http", 80)).endSpec().build();

    MeshService mesh = converter.convert(svc);

    assertThat(mesh.resolution()).isEqualTo(Resolution.STATIC);
    assertThat(mesh.addresses()).isEmpty();
  }
}

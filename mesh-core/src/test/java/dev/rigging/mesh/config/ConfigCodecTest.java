package dev.rigging.mesh.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.mesh.api.networking.DestinationRule;
import dev.rigging.mesh.api.networking.ServiceEntry;
import dev.rigging.mesh.api.networking.VirtualService;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigCodecTest {
  private final ConfigCodec codec = new ConfigCodec("default");

  @Test
  void decodesMultiDocumentYamlInAllServedVersions() {
    String yaml = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: [reviews]
          http:
          - match:
            - headers: {end-user: {exact: jason}}
            route:
            - destination: {host: reviews, subset: v2}
            timeout: 1.5s
          - route:
            - destination: {host: reviews, subset: v1, port: {number: 9080}}
              weight: 80
            - destination: {host: reviews, subset: v3}
              weight: 20
        ---
        apiVersion: networking.istio.io/v1beta1
        kind: DestinationRule
        metadata: {name: reviews}
        spec:
          host: reviews
          trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}
          subsets: [{name: v1, labels: {version: v1}}]
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: ServiceEntry
        metadata: {name: ext}
        spec: {hosts: [api.example.com], ports: [{number: 443, name: https, protocol: TLS}], resolution: DNS}
        """;
    var d = codec.decode("mesh.yaml", yaml);
    assertThat(d.errors()).isEmpty();
    assertThat(d.objects()).hasSize(3);
    var vs = d.objects().get(0).as(VirtualService.class);
    assertThat(vs.key().toString()).isEqualTo("VirtualService shop/reviews");
    assertThat(vs.spec().http().get(0).timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(vs.spec().http().get(1).route().get(0).destination().portNumber()).isEqualTo(9080);
    var dr = d.objects().get(1).as(DestinationRule.class);
    assertThat(dr.namespace()).isEqualTo("default");
    assertThat(dr.spec().trafficPolicy().loadBalancer().simple()).isEqualTo(DestinationRule.SimpleLB.LEAST_REQUEST);
    assertThat(d.objects().get(2).as(ServiceEntry.class).spec().resolution()).isEqualTo(ServiceEntry.Resolution.DNS);
    assertThat(d.objects().get(2).origin()).isEqualTo(new Origin("mesh.yaml", 3));
  }

  @Test
  void unknownFieldNamesFileDocumentObjectAndPath() {
    String yaml = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: ok}
        spec: {hosts: [a]}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {hostt: reviews}
        """;
    var d = codec.decode("vs.yaml", yaml);
    assertThat(d.objects()).hasSize(1);
    assertThat(d.errors()).singleElement().satisfies(e -> {
      assertThat(e.origin()).isEqualTo(new Origin("vs.yaml", 2));
      assertThat(e.object()).isEqualTo("VirtualService shop/reviews");
      assertThat(e.field()).isEqualTo("spec.http[0].route[0].destination.hostt");
      assertThat(e.message()).contains("unknown field \"hostt\"").contains("host, port, subset");
      assertThat(e.toString()).startsWith("vs.yaml (document 2): VirtualService shop/reviews: spec.http[0]");
    });
  }

  @Test
  void badEnumDurationTypeVersionAndSyntaxAreExplained() {
    var bad = codec.decode("x.yaml", """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: s}
        spec: {hosts: [a], resolution: MAGIC}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: v}
        spec: {hosts: [a], http: [{timeout: 10x, route: [{destination: {host: a}}]}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: w}
        spec: {hosts: [a], http: [{route: [{destination: {host: a}, weight: heavy}]}]}
        ---
        apiVersion: networking.istio.io/v2
        kind: VirtualService
        metadata: {name: z}
        spec: {}
        """);
    assertThat(bad.objects()).isEmpty();
    assertThat(bad.errors()).hasSize(4);
    assertThat(bad.errors().get(0).message()).contains("\"MAGIC\"").contains("DNS_ROUND_ROBIN");
    assertThat(bad.errors().get(1).field()).isEqualTo("spec.http[0].timeout");
    assertThat(bad.errors().get(1).message()).contains("10x").contains("10s");
    assertThat(bad.errors().get(2).field()).isEqualTo("spec.http[0].route[0].weight");
    assertThat(bad.errors().get(2).message()).contains("integer");
    assertThat(bad.errors().get(3).message()).contains("networking.istio.io/v1alpha3");

    var syntax = codec.decode("broken.yaml", "apiVersion: [\n");
    assertThat(syntax.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("line"));
    var dup = codec.decode("dup.yaml", "apiVersion: networking.istio.io/v1\nkind: Gateway\nkind: Gateway\n");
    assertThat(dup.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("kind"));
  }

  @Test
  void jsonAndListKindAndRoundTrip() {
    var d = codec.decode("list.json", """
        {"apiVersion": "v1", "kind": "List", "items": [
          {"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": "gw", "namespace": "istio-system"},
           "spec": {"selector": {"istio": "ingressgateway"},
                    "servers": [{"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["*"]}]}}]}
        """);
    assertThat(d.errors()).isEmpty();
    var gw = d.objects().get(0);
    String yaml = ConfigCodec.toYaml(gw);
    assertThat(yaml).contains("kind: Gateway").contains("number: 80").doesNotContain("null");
    var again = codec.decode("again.yaml", yaml);
    assertThat(again.objects().get(0).spec()).isEqualTo(gw.spec());
  }

  @Test
  void goDurations() {
    assertThat(GoDuration.parse("1h2m3.5s")).isEqualTo(Duration.ofHours(1).plusMinutes(2).plusMillis(3500));
    assertThat(GoDuration.parse("100ms")).isEqualTo(Duration.ofMillis(100));
    assertThat(GoDuration.parse("0")).isZero();
    assertThat(GoDuration.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(GoDuration.format(Duration.ofSeconds(10))).isEqualTo("10s");
  }
}

package dev.rigging.mesh.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rigging.mesh.api.networking.VirtualService;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private final ConfigLoader loader = new ConfigLoader("default");

  private static final String GOOD_VS = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews, namespace: shop}
      spec: {hosts: [reviews], http: [{route: [{destination: {host: reviews, subset: v1}}]}]}
      """;

  @Test
  void keepsValidObjectsAndExplainsTheRestInDocumentOrder() {
    var loaded = loader.load("mesh.yaml", """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews}
        spec: {host: reviews, subsets: [{name: v1}, {name: v1}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: broken}
        spec: {hosts: [a], http: [{timeout: soon}]}
        ---
        """ + GOOD_VS + """
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: gw}
        spec: {servers: []}
        """);
    assertThat(loaded.ok()).isFalse();
    assertThat(loaded.objects()).extracting(o -> o.key().toString()).containsExactly("VirtualService shop/reviews");
    assertThat(loaded.errors()).extracting(e -> e.origin().document() + " " + e.field())
        .containsExactly("1 spec.subsets[1].name", "2 spec.http[0].timeout", "4 spec.servers");
    assertThat(loaded.errors().get(0).toString())
        .isEqualTo("mesh.yaml (document 1): DestinationRule default/reviews: spec.subsets[1].name: "
            + "duplicate subset name \"v1\" (also at spec.subsets[0]); subset names must be unique");
  }

  @Test
  void theSameObjectTwiceIsAnErrorOnTheSecond() {
    var loaded = loader.load("dup.yaml", GOOD_VS + "---\n" + GOOD_VS);
    assertThat(loaded.objects()).hasSize(1);
    assertThat(loaded.objects().get(0).origin()).isEqualTo(new Origin("dup.yaml", 1));
    assertThat(loaded.errors()).singleElement().satisfies(e -> {
      assertThat(e.origin()).isEqualTo(new Origin("dup.yaml", 2));
      assertThat(e.object()).isEqualTo("VirtualService shop/reviews");
      assertThat(e.field()).isEqualTo("metadata.name");
      assertThat(e.message()).contains("duplicate VirtualService shop/reviews, already defined in dup.yaml (document 1)");
    });
  }

  @Test
  void sameNameInAnotherNamespaceOrKindIsNotADuplicate() {
    String otherNs = GOOD_VS.replace("namespace: shop", "namespace: shop2");
    String dr = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews, namespace: shop}
        spec: {host: reviews}
        """;
    var loaded = loader.load("ok.yaml", GOOD_VS + "---\n" + otherNs + "---\n" + dr);
    assertThat(loaded.errors()).isEmpty();
    assertThat(loaded.objects()).hasSize(3);
  }

  @Test
  void kubernetesObjectsAreDecodedAndValidated() throws Exception {
    JsonNode good = ConfigCodec.json().readTree("""
        {"apiVersion": "networking.istio.io/v1beta1", "kind": "VirtualService",
         "metadata": {"name": "reviews", "namespace": "shop", "resourceVersion": "42"},
         "spec": {"hosts": ["reviews"], "http": [{"route": [{"destination": {"host": "reviews"}}]}]}}
        """);
    var ok = loader.load(good, Origin.kubernetes("VirtualService", "shop", "reviews"));
    assertThat(ok.errors()).isEmpty();
    assertThat(ok.objects()).singleElement().satisfies(o -> assertThat(o.as(VirtualService.class).spec().hosts()).containsExactly("reviews"));

    JsonNode bad = ConfigCodec.json().readTree("""
        {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": {"name": "reviews", "namespace": "shop"},
         "spec": {"hosts": ["*"], "http": [{"route": [{"destination": {"host": "reviews"}}]}]}}
        """);
    var rejected = loader.load(bad, Origin.kubernetes("VirtualService", "shop", "reviews"));
    assertThat(rejected.objects()).isEmpty();
    assertThat(rejected.errors()).singleElement().satisfies(e -> {
      assertThat(e.toString()).startsWith("kubernetes:VirtualService/shop/reviews: VirtualService shop/reviews: spec.hosts[0]: ");
      assertThat(e.message()).contains("not allowed for a VirtualService bound to the mesh gateway");
    });
  }

  @Test
  void decodingErrorsPassThrough() {
    var loaded = loader.load("bad.yaml", "apiVersion: networking.istio.io/v1\nkind: Nope\nmetadata: {name: x}\n");
    assertThat(loaded.objects()).isEmpty();
    assertThat(loaded.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("unsupported kind Nope"));
  }
}

package dev.rigging.mesh.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rigging.mesh.config.ConfigCodec;
import dev.rigging.mesh.config.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CrdGeneratorTest {
  private static final Path COMMITTED = Path.of("src/main/resources/crds");
  private static final YAMLMapper YAML = new YAMLMapper();

  /** The committed CRDs must be exactly what the model generates; {@code -Drefresh.golden=true} rewrites them. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void committedCrdMatchesModel(Kind kind) throws IOException {
    String generated = CrdGenerator.yaml(kind);
    Path file = COMMITTED.resolve(CrdGenerator.fileName(kind));
    if (Boolean.getBoolean("refresh.golden")) {
      Files.createDirectories(COMMITTED);
      Files.writeString(file, generated, StandardCharsets.UTF_8);
    }
    if (!Files.exists(file)) {
      fail("missing " + file + "; generate it with: mvn -q -B test -pl mesh-core -Drefresh.golden=true");
    }
    String committed = Files.readString(file, StandardCharsets.UTF_8);
    if (!committed.equals(generated)) {
      fail(file + " is out of date with the model in dev.rigging.mesh.api. Regenerate it with\n"
          + "  mvn -q -B test -pl mesh-core -Drefresh.golden=true\nand review the diff before committing.");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void namesVersionsAndStorageFollowIstio(Kind kind) throws IOException {
    JsonNode crd = YAML.readTree(CrdGenerator.yaml(kind));
    assertThat(crd.at("/metadata/name").asText()).isEqualTo(kind.plural() + "." + kind.group());
    assertThat(crd.at("/spec/group").asText()).isEqualTo(kind.group());
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
    assertThat(crd.at("/spec/names/kind").asText()).isEqualTo(kind.kindName());
    assertThat(crd.at("/spec/names/listKind").asText()).isEqualTo(kind.kindName() + "List");
    assertThat(crd.at("/spec/names/singular").asText()).isEqualTo(kind.kindName().toLowerCase());
    assertThat(texts(crd.at("/spec/names/categories"))).containsExactly("istio-io", kind.group().replace('.', '-'));
    assertThat(texts(crd.at("/spec/names/shortNames"))).containsExactlyElementsOf(kind.shortNames());
    List<String> served = new ArrayList<>();
    List<String> stored = new ArrayList<>();
    for (JsonNode v : crd.at("/spec/versions")) {
      assertThat(v.get("served").asBoolean()).isTrue();
      served.add(v.get("name").asText());
      if (v.get("storage").asBoolean()) {
        stored.add(v.get("name").asText());
      }
      assertThat(v.at("/subresources/status").isObject()).isTrue();
      assertThat(v.at("/schema/openAPIV3Schema/properties/status/x-kubernetes-preserve-unknown-fields").asBoolean()).isTrue();
    }
    assertThat(served).containsExactlyElementsOf(kind.servedVersions());
    assertThat(stored).containsExactly(kind.storageVersion());
  }

  @Test
  void printerColumnsAreIstios() throws IOException {
    assertThat(columns(Kind.VIRTUAL_SERVICE)).containsExactly("Gateways=.spec.gateways", "Hosts=.spec.hosts", "Age=.metadata.creationTimestamp");
    assertThat(columns(Kind.DESTINATION_RULE)).containsExactly("Host=.spec.host", "Age=.metadata.creationTimestamp");
    assertThat(columns(Kind.SERVICE_ENTRY)).containsExactly("Hosts=.spec.hosts", "Location=.spec.location",
        "Resolution=.spec.resolution", "Age=.metadata.creationTimestamp");
    assertThat(columns(Kind.WORKLOAD_ENTRY)).containsExactly("Age=.metadata.creationTimestamp", "Address=.spec.address");
    assertThat(columns(Kind.GATEWAY)).isEmpty();
    assertThat(columns(Kind.SIDECAR)).isEmpty();
  }

  @Test
  void schemaMapsJavaTypes() throws IOException {
    JsonNode spec = YAML.readTree(CrdGenerator.yaml(Kind.VIRTUAL_SERVICE)).at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    JsonNode route = spec.at("/properties/http/items/properties/route/items/properties");
    assertThat(route.at("/weight/type").asText()).isEqualTo("integer");
    assertThat(route.at("/destination/properties/host/type").asText()).isEqualTo("string");
    JsonNode http = spec.at("/properties/http/items/properties");
    assertThat(http.at("/timeout/type").asText()).isEqualTo("string");
    assertThat(http.at("/match/items/properties/headers/type").asText()).isEqualTo("object");
    assertThat(http.at("/match/items/properties/headers/additionalProperties/properties/regex/type").asText()).isEqualTo("string");
    assertThat(http.at("/mirrorPercentage/properties/value/format").asText()).isEqualTo("double");
    assertThat(texts(http.at("/redirect/properties/derivePort/enum"))).containsExactly("FROM_PROTOCOL_DEFAULT", "FROM_REQUEST_PORT");
    // Istio's CRD accepts both spellings of the deprecated mirror percent
    assertThat(http.at("/mirror_percent/type").asText()).isEqualTo("integer");
    assertThat(http.at("/mirrorPercent/type").asText()).isEqualTo("integer");
    JsonNode dr = YAML.readTree(CrdGenerator.yaml(Kind.DESTINATION_RULE)).at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    assertThat(dr.at("/properties/workloadSelector/properties/matchLabels/additionalProperties/type").asText()).isEqualTo("string");
    assertThat(dr.at("/properties/trafficPolicy/properties/loadBalancer/properties/warmup/properties/duration/type").asText()).isEqualTo("string");
  }

  /** Kubernetes only accepts structural schemas: every node states its type. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void schemaIsStructural(Kind kind) throws IOException {
    JsonNode root = YAML.readTree(CrdGenerator.yaml(kind)).at("/spec/versions/0/schema/openAPIV3Schema");
    List<String> untyped = new ArrayList<>();
    walk(root, "openAPIV3Schema", untyped);
    assertThat(untyped).isEmpty();
  }

  /** What Rigging decodes, the API server must accept: the Istio examples fit the generated schemas. */
  @ParameterizedTest
  @ValueSource(strings = {"bookinfo.yaml", "egress.yaml", "workloads.yaml", "security.yaml"})
  void istioExamplesFitTheSchema(String fixture) throws IOException {
    String content;
    try (var in = getClass().getClassLoader().getResourceAsStream("fixtures/" + fixture)) {
      content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    var decoded = new ConfigCodec("default").decode(fixture, content);
    assertThat(decoded.errors()).isEmpty();
    List<String> misfits = new ArrayList<>();
    for (var o : decoded.objects()) {
      JsonNode schema = YAML.readTree(CrdGenerator.yaml(o.kind())).at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
      fit(ConfigCodec.toTree(o).get("spec"), schema, o.key() + " spec", misfits);
    }
    assertThat(misfits).isEmpty();
  }

  @Test
  void schemaFitReportsWhatTheApiServerWouldReject() throws IOException {
    JsonNode schema = YAML.readTree(CrdGenerator.yaml(Kind.SERVICE_ENTRY)).at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    List<String> misfits = new ArrayList<>();
    fit(YAML.readTree("{hosts: [a.example.com], resolution: MAGIC, ports: [{number: eighty}], extra: 1}"), schema, "spec", misfits);
    assertThat(misfits).containsExactlyInAnyOrder("spec.resolution: \"MAGIC\" is not one of [\"NONE\",\"STATIC\",\"DNS\",\"DNS_ROUND_ROBIN\"]",
        "spec.ports[0].number: STRING is not integer", "spec.extra: not in the schema");
  }

  private static void fit(JsonNode value, JsonNode schema, String path, List<String> misfits) {
    String type = schema.path("type").asText();
    boolean ok = switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> false;
    };
    if (!ok) {
      misfits.add(path + ": " + value.getNodeType() + " is not " + type);
      return;
    }
    if (schema.has("enum") && !texts(schema.get("enum")).contains(value.asText())) {
      misfits.add(path + ": " + value + " is not one of " + schema.get("enum"));
    }
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        fit(value.get(i), schema.get("items"), path + "[" + i + "]", misfits);
      }
    } else if (value.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        var e = it.next();
        JsonNode field = schema.has("additionalProperties") ? schema.get("additionalProperties") : schema.path("properties").get(e.getKey());
        if (field == null) {
          misfits.add(path + "." + e.getKey() + ": not in the schema");
        } else {
          fit(e.getValue(), field, path + "." + e.getKey(), misfits);
        }
      }
    }
  }

  @Test
  void crdsAreOnTheClassPath() {
    List<String> all = Crds.yaml();
    assertThat(all).hasSize(Kind.values().length);
    assertThat(Crds.yaml(Kind.SIDECAR)).contains("name: sidecars.networking.istio.io").startsWith("# Generated");
  }

  private static void walk(JsonNode schema, String path, List<String> untyped) {
    if (!schema.has("type")) {
      untyped.add(path);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
      var e = it.next();
      walk(e.getValue(), path + "." + e.getKey(), untyped);
    }
    if (schema.has("items")) {
      walk(schema.get("items"), path + "[]", untyped);
    }
    if (schema.has("additionalProperties")) {
      walk(schema.get("additionalProperties"), path + "{}", untyped);
    }
  }

  private static List<String> columns(Kind kind) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode c : YAML.readTree(CrdGenerator.yaml(kind)).at("/spec/versions/0/additionalPrinterColumns")) {
      out.add(c.get("name").asText() + "=" + c.get("jsonPath").asText());
    }
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}

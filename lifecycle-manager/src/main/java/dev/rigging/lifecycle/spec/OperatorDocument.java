package dev.rigging.lifecycle.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rigging.lifecycle.errors.InputException;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * {@code OperatorDocument} reads an {@code IstioOperator} document ({@code apiVersion:
 * install.istio.io/v1alpha1}) — the format of istioctl's {@code -f} files, rig's profiles and
 * cloud overlays — and returns its {@code spec} tree. Anything else is an input error.
 */
public final class OperatorDocument {
  public static final String API_VERSION = "install.istio.io/v1alpha1";
  public static final String KIND = "IstioOperator";
  private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec");
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private OperatorDocument() {}

  /** The {@code spec} of the single IstioOperator in {@code content}; {@code source} names it in errors. */
  public static JsonNode specOf(String source, String content) {
    List<JsonNode> docs;
    try {
      docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(content).readAll().stream()
          .filter(n -> n != null && !n.isNull() && !n.isMissingNode()).toList();
    } catch (IOException | RuntimeException e) {
      String detail = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
          + location(j) : String.valueOf(e.getMessage());
      throw new InputException(source + ": not valid YAML: " + detail, e);
    }
    if (docs.size() != 1) {
      throw new InputException(source + ": expected exactly one " + KIND + " document, found " + docs.size());
    }
    JsonNode doc = docs.get(0);
    if (!doc.isObject()) {
      throw new InputException(source + ": expected an " + KIND + " object (apiVersion, kind, spec)");
    }
    for (var it = doc.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!TOP_LEVEL.contains(f)) {
        throw new InputException(source + ": unknown top-level field \"" + f + "\"; valid: apiVersion, kind, metadata, spec");
      }
    }
    if (!API_VERSION.equals(doc.path("apiVersion").asText()) || !KIND.equals(doc.path("kind").asText())) {
      throw new InputException(source + ": expected apiVersion " + API_VERSION + " and kind " + KIND + ", found "
          + doc.path("apiVersion").asText("(none)") + " " + doc.path("kind").asText("(none)"));
    }
    JsonNode spec = doc.get("spec");
    if (spec == null || spec.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!spec.isObject()) {
      throw new InputException(source + ": spec must be an object");
    }
    return spec;
  }

  private static String location(com.fasterxml.jackson.core.JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }
}

package dev.rigging.lifecycle.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code ManifestYaml} writes rendered objects as YAML (keys sorted, so output is stable and diffs
 * are readable), as JSON trees, and computes the content hash recorded in
 * {@link RigLabels#MANIFEST_HASH}.
 */
public final class ManifestYaml {
  private static final KubernetesSerialization KUBE = new KubernetesSerialization();
  private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .build())
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private ManifestYaml() {}

  /** {@code o} as a JSON tree, as the API server would receive it. */
  public static JsonNode tree(Object o) {
    return JSON.valueToTree(KUBE.convertValue(o, java.util.Map.class));
  }

  /** Documents separated by {@code ---}. */
  public static String yaml(List<? extends HasMetadata> objects) {
    StringBuilder sb = new StringBuilder();
    for (HasMetadata o : objects) {
      sb.append("---\n").append(yaml(tree(o)));
    }
    return sb.toString();
  }

  public static String yaml(JsonNode node) {
    try {
      return YAML.writeValueAsString(JSON.treeToValue(node, Object.class));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String json(JsonNode node) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads {@code yaml} into a model object of {@code type}. */
  public static <T> T read(String yaml, Class<T> type) {
    return KUBE.unmarshal(yaml, type);
  }

  /** The first 16 hex digits of the SHA-256 of {@code o}'s canonical JSON (without the hash itself). */
  public static String hash(HasMetadata o) {
    JsonNode t = tree(o);
    JsonNode annotations = t.path("metadata").path("annotations");
    if (annotations.isObject()) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) annotations).remove(RigLabels.MANIFEST_HASH);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsString(t).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records {@link #hash} on {@code o} and returns it. */
  public static <T extends HasMetadata> T stamp(T o) {
    String h = hash(o);
    if (o.getMetadata().getAnnotations() == null) {
      o.getMetadata().setAnnotations(new java.util.LinkedHashMap<>());
    }
    o.getMetadata().getAnnotations().put(RigLabels.MANIFEST_HASH, h);
    return o;
  }
}

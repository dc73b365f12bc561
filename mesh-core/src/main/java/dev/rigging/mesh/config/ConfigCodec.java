package dev.rigging.mesh.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code ConfigCodec} reads Istio objects from multi-document YAML or JSON and writes them back.
 *
 * <p>Reading is strict: unknown fields, duplicate keys, wrong types and unsupported apiVersions are
 * errors, each reported with the file, the document, the object and the field path. A document
 * that fails yields no object; the others in the same input are still decoded (callers decide
 * whether one bad document rejects the whole input).
 */
public final class ConfigCodec {

  private static final ObjectMapper JSON = configure(JsonMapper.builder()).build();
  private static final ObjectMapper YAML = configure(YAMLMapper.builder(
          YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build()))
      .build();

  private final String defaultNamespace;

  /** A codec that puts objects without {@code metadata.namespace} into {@code defaultNamespace}. */
  public ConfigCodec(String defaultNamespace) {
    this.defaultNamespace = defaultNamespace;
  }

  /** The result of decoding one input: the good objects and the errors, in document order. */
  public record Decoded(List<ConfigObject<?>> objects, List<ConfigError> errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>> B configure(B b) {
    SimpleModule durations = new SimpleModule("go-durations");
    durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
      @Override
      public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        String text = p.getValueAsString();
        if (text == null) {
          return (Duration) ctx.handleUnexpectedToken(Duration.class, p);
        }
        try {
          return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
          throw InvalidFormatException.from(p, e.getMessage(), text, Duration.class);
        }
      }
    });
    durations.addSerializer(Duration.class, new JsonSerializer<>() {
      @Override
      public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
        gen.writeString(GoDuration.format(value));
      }
    });
    return b.addModule(durations)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .serializationInclusion(JsonInclude.Include.NON_EMPTY);
  }

  /** Decodes every document of {@code content}; {@code source} names the input in errors. */
  public Decoded decode(String source, String content) {
    List<ConfigObject<?>> objects = new ArrayList<>();
    List<ConfigError> errors = new ArrayList<>();
    int doc = 0;
    try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(content)) {
      while (true) {
        JsonNode node;
        try {
          if (!it.hasNextValue()) {
            break;
          }
          node = it.nextValue();
        } catch (RuntimeException e) {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          errors.add(new ConfigError(new Origin(source, doc + 1), null, null, syntaxMessage(cause)));
          break;
        }
        doc++;
        if (node == null || node.isNull() || node.isMissingNode()) {
          continue;
        }
        decodeDocument(node, new Origin(source, doc), objects, errors);
      }
    } catch (IOException e) {
      errors.add(new ConfigError(new Origin(source, Math.max(doc, 1)), null, null, syntaxMessage(e)));
    }
    return new Decoded(List.copyOf(objects), List.copyOf(errors));
  }

  /** Decodes one object given as a JSON tree (the Kubernetes path). */
  public Decoded decode(JsonNode node, Origin origin) {
    List<ConfigObject<?>> objects = new ArrayList<>();
    List<ConfigError> errors = new ArrayList<>();
    decodeDocument(node, origin, objects, errors);
    return new Decoded(List.copyOf(objects), List.copyOf(errors));
  }

  private void decodeDocument(JsonNode node, Origin origin, List<ConfigObject<?>> out, List<ConfigError> errors) {
    if (!node.isObject()) {
      errors.add(new ConfigError(origin, null, null, "expected an object with apiVersion, kind, metadata and spec"));
      return;
    }
    String kindName = node.path("kind").asText("");
    if (kindName.equals("List") && node.has("items")) {
      int i = 0;
      for (JsonNode item : node.path("items")) {
        decodeDocument(item, new Origin(origin.source() + " items[" + i++ + "]", origin.document()), out, errors);
      }
      return;
    }
    String apiVersion = node.path("apiVersion").asText("");
    if (kindName.isEmpty()) {
      errors.add(new ConfigError(origin, null, "kind", "missing kind"));
      return;
    }
    if (apiVersion.isEmpty()) {
      errors.add(new ConfigError(origin, null, "apiVersion", "missing apiVersion"));
      return;
    }
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    Optional<Kind> kind = Kind.of(group, kindName);
    String what = kindName + " " + describeName(node);
    if (kind.isEmpty()) {
      errors.add(new ConfigError(origin, what, "kind",
          "unsupported kind " + kindName + " in apiVersion " + apiVersion + "; supported: " + supportedKinds()));
      return;
    }
    Kind k = kind.get();
    if (!k.servedVersions().contains(version)) {
      errors.add(new ConfigError(origin, what, "apiVersion",
          "unsupported version " + apiVersion + "; valid: "
              + k.servedVersions().stream().map(v -> k.group() + "/" + v).collect(Collectors.joining(", "))));
      return;
    }
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!List.of("apiVersion", "kind", "metadata", "spec", "status").contains(f)) {
        errors.add(new ConfigError(origin, what, f, "unknown field \"" + f + "\"; valid: apiVersion, kind, metadata, spec"));
        return;
      }
    }
    ObjectMeta meta;
    try {
      meta = JSON.treeToValue(node.path("metadata").isMissingNode() ? JSON.createObjectNode() : node.get("metadata"),
          ObjectMeta.class);
    } catch (JsonProcessingException e) {
      errors.add(new ConfigError(origin, what, "metadata" + path(e), mappingMessage(e)));
      return;
    }
    if (meta.name() == null || meta.name().isBlank()) {
      errors.add(new ConfigError(origin, kindName, "metadata.name", "missing name"));
      return;
    }
    if (meta.namespace() == null || meta.namespace().isBlank()) {
      meta = meta.withNamespace(defaultNamespace);
    }
    what = kindName + " " + meta.namespace() + "/" + meta.name();
    JsonNode specNode = node.get("spec");
    if (specNode == null || specNode.isNull()) {
      specNode = JSON.createObjectNode();
    }
    if (!specNode.isObject()) {
      errors.add(new ConfigError(origin, what, "spec", "expected an object"));
      return;
    }
    Object spec;
    try {
      spec = JSON.treeToValue(specNode, k.specClass());
    } catch (JsonProcessingException e) {
      errors.add(new ConfigError(origin, what, "spec" + path(e), mappingMessage(e)));
      return;
    } catch (IllegalArgumentException e) {
      errors.add(new ConfigError(origin, what, "spec", e.getMessage()));
      return;
    }
    out.add(new ConfigObject<>(k, apiVersion, meta, spec, origin));
  }

  private static String describeName(JsonNode node) {
    JsonNode md = node.path("metadata");
    String ns = md.path("namespace").asText("");
    String name = md.path("name").asText("?");
    return ns.isEmpty() ? name : ns + "/" + name;
  }

  private static String supportedKinds() {
    return Arrays.stream(Kind.values()).map(k -> k.kindName() + " (" + k.group() + ")").collect(Collectors.joining(", "));
  }

  /** The field path of a mapping error, as {@code .http[0].route[1].weight}. */
  static String path(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException jme)) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : jme.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  static String mappingMessage(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      Collection<Object> known = u.getKnownPropertyIds();
      String valid = known == null ? "" : known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
      return "unknown field \"" + u.getPropertyName() + "\"" + (valid.isEmpty() ? "" : "; valid fields: " + valid);
    }
    if (e instanceof InvalidFormatException f) {
      Class<?> target = f.getTargetType();
      if (target != null && target.isEnum()) {
        String valid = Arrays.stream(target.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        return "invalid value \"" + f.getValue() + "\"; valid values: " + valid;
      }
      if (target == Duration.class) {
        return f.getOriginalMessage();
      }
      return "invalid value \"" + f.getValue() + "\"; expected " + typeName(target);
    }
    if (e instanceof MismatchedInputException m) {
      return "wrong type; expected " + typeName(m.getTargetType());
    }
    if (e instanceof JsonParseException p) {
      return syntaxMessage(p);
    }
    return e.getOriginalMessage();
  }

  private static String typeName(Class<?> t) {
    if (t == null) {
      return "a different type";
    }
    if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
      return "an integer";
    }
    if (t == Double.class || t == double.class) {
      return "a number";
    }
    if (t == Boolean.class || t == boolean.class) {
      return "true or false";
    }
    if (t == String.class) {
      return "a string";
    }
    if (t == Duration.class) {
      return "a duration such as 10s";
    }
    if (List.class.isAssignableFrom(t) || Collection.class.isAssignableFrom(t)) {
      return "a list";
    }
    if (java.util.Map.class.isAssignableFrom(t) || t.isRecord()) {
      return "an object";
    }
    if (t.isEnum()) {
      return "one of " + Arrays.stream(t.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
    }
    return t.getSimpleName();
  }

  private static String syntaxMessage(Throwable e) {
    if (e instanceof JsonProcessingException jpe) {
      var loc = jpe.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      return "not valid YAML/JSON" + where + ": " + jpe.getOriginalMessage();
    }
    return "not valid YAML/JSON: " + e.getMessage();
  }

  /** The object as a JSON tree with apiVersion, kind, metadata and spec (empty fields omitted). */
  public static ObjectNode toTree(ConfigObject<?> o) {
    ObjectNode n = JSON.createObjectNode();
    n.put("apiVersion", o.apiVersion() != null ? o.apiVersion() : o.kind().apiVersion());
    n.put("kind", o.kind().kindName());
    n.set("metadata", JSON.valueToTree(o.meta()));
    n.set("spec", JSON.valueToTree(o.spec()));
    return n;
  }

  /** The object as YAML. */
  public static String toYaml(ConfigObject<?> o) {
    try {
      return YAML.writeValueAsString(toTree(o));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + o.key(), e);
    }
  }

  /** The shared strict JSON mapper (Go durations, no unknown fields, empty fields omitted). */
  public static ObjectMapper json() {
    return JSON;
  }
}

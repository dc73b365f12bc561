package dev.rigging.lifecycle.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code SpecReader} converts a spec tree into an {@link InstallSpec}, strictly: an unknown field
 * or a value of the wrong type is reported with its path and, for unknown fields, the fields that
 * are valid at that place.
 */
public final class SpecReader {
  static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  private SpecReader() {}

  /** The spec, or the problem with {@code tree} as "path: what is wrong; valid: …". */
  public static Result read(JsonNode tree) {
    try {
      return new Result(STRICT.treeToValue(tree, InstallSpec.class), Optional.empty());
    } catch (JsonProcessingException e) {
      return new Result(null, Optional.of(describe(e)));
    }
  }

  /** The outcome of {@link #read}: a spec or an error message. */
  public record Result(InstallSpec spec, Optional<String> error) {}

  static String describe(JsonProcessingException e) {
    String path = e instanceof JsonMappingException m ? path(m) : "";
    if (e instanceof UnrecognizedPropertyException u) {
      String valid = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
          .map(Object::toString).collect(Collectors.toCollection(TreeSet::new)).stream()
          .collect(Collectors.joining(", "));
      return "unknown field " + path + "; valid " + (parent(path).isEmpty() ? "top-level fields" : "under " + parent(path))
          + ": " + valid;
    }
    if (e instanceof InvalidFormatException f) {
      return path + ": expected " + typeName(f.getTargetType()) + ", got \"" + f.getValue() + "\"";
    }
    if (e instanceof MismatchedInputException mi) {
      return path + ": expected " + typeName(mi.getTargetType());
    }
    return (path.isEmpty() ? "" : path + ": ") + e.getOriginalMessage();
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      } else if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      }
    }
    return sb.toString();
  }

  private static String parent(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "a different value";
    }
    if (type == Integer.class || type == int.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "a " + type.getSimpleName();
  }
}

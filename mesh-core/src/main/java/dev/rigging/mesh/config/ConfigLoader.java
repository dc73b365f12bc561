package dev.rigging.mesh.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rigging.mesh.validation.ConfigValidator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code ConfigLoader} turns an input (a YAML/JSON file or one Kubernetes object) into Istio objects
 * that are both well-formed and valid: it decodes with {@link ConfigCodec}, validates with
 * {@link ConfigValidator}, and rejects a second definition of the same kind, namespace and name.
 * Bad objects are left out and explained; the good ones in the same input are still returned.
 */
public final class ConfigLoader {
  private final ConfigCodec codec;
  private final ConfigValidator validator = new ConfigValidator();

  /** A loader that puts objects without {@code metadata.namespace} into {@code defaultNamespace}. */
  public ConfigLoader(String defaultNamespace) {
    this.codec = new ConfigCodec(Objects.requireNonNull(defaultNamespace, "defaultNamespace"));
  }

  /** The valid objects of one input and every error found in it, in document order. */
  public record Loaded(List<ConfigObject<?>> objects, List<ConfigError> errors) {
    public Loaded {
      objects = List.copyOf(objects);
      errors = List.copyOf(errors);
    }

    public boolean ok() {
      return errors.isEmpty();
    }
  }

  /** Loads every document of {@code content}; {@code source} names the input in errors. */
  public Loaded load(String source, String content) {
    return check(codec.decode(source, content));
  }

  /** Loads one object given as a JSON tree (the Kubernetes path). */
  public Loaded load(JsonNode node, Origin origin) {
    return check(codec.decode(node, origin));
  }

  private Loaded check(ConfigCodec.Decoded decoded) {
    List<ConfigObject<?>> valid = new ArrayList<>();
    List<ConfigError> errors = new ArrayList<>(decoded.errors());
    Map<ConfigKey, ConfigObject<?>> seen = new HashMap<>();
    for (ConfigObject<?> o : decoded.objects()) {
      ConfigObject<?> first = seen.putIfAbsent(o.key(), o);
      if (first != null) {
        errors.add(new ConfigError(o.origin(), o.key().toString(), "metadata.name",
            "duplicate " + o.key() + ", already defined in " + first.origin() + "; rename one of them or remove the copy"));
        continue;
      }
      List<ConfigError> problems = validator.validate(o);
      if (problems.isEmpty()) {
        valid.add(o);
      } else {
        errors.addAll(problems);
      }
    }
    // decoding errors and validation errors were collected separately; a stable sort by document
    // restores the order in which the user reads the file
    errors.sort(Comparator.comparingInt(ConfigLoader::document));
    return new Loaded(valid, errors);
  }

  private static int document(ConfigError e) {
    return e.origin() == null ? Integer.MAX_VALUE : e.origin().document();
  }
}

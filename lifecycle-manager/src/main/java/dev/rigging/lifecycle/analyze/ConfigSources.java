package dev.rigging.lifecycle.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rigging.lifecycle.errors.InputException;
import dev.rigging.mesh.config.ConfigError;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigLoader;
import dev.rigging.mesh.config.ConfigObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ConfigSources} reads Istio config for analysis with mesh-core's {@link ConfigLoader} (the
 * same decoding and validation istiod-lite applies): invalid objects become IST0106 findings,
 * documents of kinds rig does not analyze become RIG0001 notes. Files and directories (walked
 * recursively, {@code .yaml}, {@code .yml}, {@code .json}) are read in order; a file that is not
 * YAML at all is an input error. Objects collected later replace earlier ones with the same key,
 * so files laid over the cluster's objects win.
 */
public final class ConfigSources {
  private static final YAMLMapper YAML = new YAMLMapper();
  private final ConfigLoader loader;
  private final Map<ConfigKey, ConfigObject<?>> objects = new LinkedHashMap<>();
  private final List<Message> messages = new ArrayList<>();

  public ConfigSources(String defaultNamespace) {
    this.loader = new ConfigLoader(defaultNamespace);
  }

  public List<ConfigObject<?>> objects() {
    return List.copyOf(objects.values());
  }

  public List<Message> messages() {
    return List.copyOf(messages);
  }

  /** Reads every file under {@code paths}. */
  public void addFiles(List<Path> paths) {
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new InputException(p + ": file or directory does not exist");
      }
      try (Stream<Path> files = Files.isDirectory(p) ? Files.walk(p) : Stream.of(p)) {
        for (Path f : files.filter(Files::isRegularFile).filter(ConfigSources::isConfigFile).sorted().toList()) {
          addFile(f);
        }
      } catch (IOException e) {
        throw new InputException(p + ": cannot be read: " + e.getMessage(), e);
      }
    }
  }

  private static boolean isConfigFile(Path f) {
    String n = f.getFileName().toString();
    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
  }

  private void addFile(Path f) throws IOException {
    String content = Files.readString(f);
    try {
      YAML.readerFor(JsonNode.class).readValues(content).readAll();
    } catch (IOException | RuntimeException e) {
      throw new InputException(f + ": not valid YAML or JSON: " + e.getMessage(), e);
    }
    add(loader.load(f.toString(), content));
  }

  /** Adds one object read from the cluster. */
  public void addClusterObject(JsonNode node, dev.rigging.mesh.config.Origin origin) {
    add(loader.load(node, origin));
  }

  private void add(ConfigLoader.Loaded loaded) {
    loaded.objects().forEach(o -> objects.put(o.key(), o));
    for (ConfigError e : loaded.errors()) {
      String where = e.origin() == null ? "" : e.origin().document() > 0
          ? e.origin().source() + ", document " + e.origin().document() : e.origin().source();
      String resource = e.object() != null ? e.object() + " " + where : where;
      if ("kind".equals(e.field()) && e.message().startsWith("unsupported kind")) {
        messages.add(MessageType.UNKNOWN_KIND.on(resource, "not analyzed: " + e.message()));
      } else {
        String detail = (e.field() == null || e.field().isEmpty() ? "" : e.field() + ": ") + e.message();
        messages.add(MessageType.SCHEMA_VALIDATION_ERROR.on(resource, "Schema validation error: " + detail));
      }
    }
  }
}

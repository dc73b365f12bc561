package dev.rigging.lifecycle.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rigging.lifecycle.errors.UsageException;
import dev.rigging.lifecycle.render.ManifestYaml;

/** {@code Format} is {@code -o}: a table for people, YAML or JSON for tools. */
public enum Format {
  TABLE,
  YAML,
  JSON;

  /** Parses {@code -o}; a usage error names the valid values. */
  public static Format of(String text) {
    return switch (text) {
      case "table", "short" -> TABLE;
      case "yaml" -> YAML;
      case "json" -> JSON;
      default -> throw new UsageException("-o " + text + ": unknown output format; valid: table, yaml, json");
    };
  }

  /** {@code data} as YAML or JSON (table output is written by each command). */
  public String render(JsonNode data) {
    return switch (this) {
      case YAML -> ManifestYaml.yaml(data);
      case JSON -> ManifestYaml.json(data) + "\n";
      case TABLE -> throw new IllegalStateException("tables are rendered by the command");
    };
  }
}

package dev.rigging.lifecycle.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.rigging.lifecycle.errors.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code CatalogLoader} reads the release catalog: {@code versions.yaml} from the jar, or a file
 * given with {@code --catalog} / {@code RIG_CATALOG}. Reading is strict: an unknown field, a bad
 * version or date, or a flavour without all three images is an input error naming the entry.
 */
public final class CatalogLoader {
  /** The catalog built into rig. */
  public static final String BUILT_IN = "versions.yaml";

  private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
      .addModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private CatalogLoader() {}

  /** The catalog at {@code override}, or the built-in one. */
  public static Catalog load(Optional<Path> override) {
    if (override.isPresent()) {
      Path p = override.get();
      if (!Files.isReadable(p)) {
        throw new InputException("catalog " + p + " does not exist or is not readable");
      }
      try (InputStream in = Files.newInputStream(p)) {
        return parse(p.toString(), in);
      } catch (IOException e) {
        throw new InputException("cannot read catalog " + p + ": " + e.getMessage(), e);
      }
    }
    try (InputStream in = CatalogLoader.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("the built-in catalog " + BUILT_IN + " is missing from the jar");
      }
      return parse("built-in " + BUILT_IN, in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the built-in catalog", e);
    }
  }

  static Catalog parse(String source, InputStream in) throws IOException {
    CatalogFile file;
    try {
      file = YAML.readValue(in, CatalogFile.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InputException(source + ": " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    }
    if (file == null || file.versions == null || file.versions.isEmpty()) {
      throw new InputException(source + ": expected a list under \"versions\"");
    }
    return new Catalog(source, file.versions.stream().map(e -> e.toVersion(source)).toList());
  }

  private static final class CatalogFile {
    @JsonProperty public List<Entry> versions;
  }

  private static final class Entry {
    @JsonProperty public String version;
    @JsonProperty public LocalDate released;
    @JsonProperty public LocalDate endOfLife;
    @JsonProperty public boolean security;
    @JsonProperty public Range kubernetes;
    @JsonProperty public Map<String, ImageSet> flavours;
    @JsonProperty public String notes;

    MeshVersion toVersion(String source) {
      String where = source + ": version " + version;
      SemVer v = SemVer.parse(version).orElseThrow(() -> new InputException(
          source + ": \"" + version + "\" is not a version (MAJOR.MINOR.PATCH)"));
      if (endOfLife == null) {
        throw new InputException(where + ": endOfLife is required (YYYY-MM-DD)");
      }
      if (kubernetes == null || kubernetes.min == null || kubernetes.max == null) {
        throw new InputException(where + ": kubernetes.min and kubernetes.max are required (e.g. \"1.30\")");
      }
      KubernetesVersion min = KubernetesVersion.parse(kubernetes.min).orElseThrow(() ->
          new InputException(where + ": kubernetes.min \"" + kubernetes.min + "\" is not a Kubernetes version"));
      KubernetesVersion max = KubernetesVersion.parse(kubernetes.max).orElseThrow(() ->
          new InputException(where + ": kubernetes.max \"" + kubernetes.max + "\" is not a Kubernetes version"));
      if (flavours == null || flavours.isEmpty()) {
        throw new InputException(where + ": at least one flavour (" + Flavour.ids() + ") is required");
      }
      Map<Flavour, Images> images = new EnumMap<>(Flavour.class);
      flavours.forEach((name, set) -> {
        Flavour f;
        try {
          f = Flavour.of(name);
        } catch (RuntimeException e) {
          throw new InputException(where + ": " + e.getMessage());
        }
        if (set == null || set.istiod == null || set.ca == null || set.proxy == null) {
          throw new InputException(where + ": flavour " + name + " needs the images istiod, ca and proxy");
        }
        images.put(f, new Images(set.istiod, set.ca, set.proxy));
      });
      try {
        return new MeshVersion(v, released, endOfLife, security, new KubernetesRange(min, max), images, notes);
      } catch (IllegalArgumentException e) {
        throw new InputException(where + ": " + e.getMessage());
      }
    }
  }

  private static final class Range {
    @JsonProperty public String min;
    @JsonProperty public String max;
  }

  private static final class ImageSet {
    @JsonProperty public String istiod;
    @JsonProperty public String ca;
    @JsonProperty public String proxy;
  }
}

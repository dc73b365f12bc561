package dev.rigging.lifecycle.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rigging.lifecycle.errors.InputException;
import dev.rigging.lifecycle.errors.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code SpecAssembler} builds the spec of an install the way istioctl does: the profile (named by
 * the last {@code profile} in the files or sets), then the cloud overlay, then every {@code -f}
 * file in order, then every {@code --set} in order, then {@code -r}/{@code --version}. Each input
 * is checked on its own first, so an error names the file or flag it came from: a file that cannot
 * be read or parsed is an input error (exit 65), an unknown path or bad value a usage error (64).
 */
public final class SpecAssembler {

  /**
   * What the user gave.
   *
   * @param base a recorded spec tree to start from instead of a profile (in-place upgrades and
   *     rollbacks keep the installed values)
   */
  public record Inputs(List<Path> files, List<String> sets, Optional<String> revision, Optional<String> version,
      Optional<JsonNode> base) {
    public Inputs {
      files = List.copyOf(files);
      sets = List.copyOf(sets);
    }

    public static Inputs of(List<Path> files, List<String> sets, Optional<String> revision, Optional<String> version) {
      return new Inputs(files, sets, revision, version, Optional.empty());
    }
  }

  private record Layer(String name, JsonNode tree) {}

  /**
   * The resolved spec. {@code detectCloud} is asked only when the spec says {@code cloud: auto};
   * it reads the cluster's nodes (or answers {@link Cloud#NONE} when there is no cluster).
   */
  public ResolvedSpec assemble(Inputs in, Supplier<Cloud> detectCloud) {
    List<Layer> overlays = new ArrayList<>();
    for (Path f : in.files()) {
      overlays.add(new Layer("-f " + f, checked("-f " + f, readFile(f), true)));
    }
    for (String s : in.sets()) {
      SetFlag flag = SetFlag.parse(s);
      overlays.add(new Layer("--set " + s, checked("--set " + flag.pathText(), flag.toTree(), false)));
    }
    in.revision().ifPresent(r -> overlays.add(new Layer("--revision", tree("revision", r))));
    in.version().ifPresent(v -> overlays.add(new Layer("--version", tree("version", v))));

    List<String> names = new ArrayList<>();
    JsonNode merged;
    if (in.base().isPresent()) {
      merged = in.base().get();
      names.add("installed spec");
    } else {
      String profile = last(overlays, "profile").orElse(Profiles.DEFAULT);
      merged = Profiles.profile(Profiles.DEFAULT);
      names.add("profile default");
      if (!profile.equals(Profiles.DEFAULT)) {
        merged = TreeMerger.merge(merged, Profiles.profile(profile));
        names.add("profile " + profile);
      }
      ((ObjectNode) merged).put("profile", profile);
    }
    String cloudText = last(overlays, "cloud").orElse(merged.path("cloud").asText(Cloud.AUTO));
    boolean detected = Cloud.AUTO.equals(cloudText);
    Cloud cloud = detected ? detectCloud.get() : Cloud.of(cloudText);
    if (in.base().isEmpty() && cloud.hasOverlay()) {
      merged = TreeMerger.merge(merged, Profiles.cloudOverlay(cloud));
      names.add("cloud " + cloud.id() + (detected ? " (detected)" : ""));
    }
    for (Layer l : overlays) {
      merged = TreeMerger.merge(merged, l.tree());
      names.add(l.name());
    }
    ObjectNode tree = (ObjectNode) merged;
    // Record the resolved cloud, not "auto": a later rollback must render exactly this install.
    tree.put("cloud", cloud.id());
    if (tree.path("revision").asText("").isEmpty()) {
      tree.put("revision", "default");
    }
    SpecReader.Result r = SpecReader.read(tree);
    if (r.error().isPresent()) {
      throw new UsageException("the merged spec is invalid: " + r.error().get());
    }
    List<String> problems = SpecValidator.problems(r.spec());
    if (!problems.isEmpty()) {
      throw new UsageException("invalid settings (from " + String.join(", ", names) + "):\n  "
          + String.join("\n  ", problems));
    }
    return new ResolvedSpec(r.spec(), tree, cloud, detected, names);
  }

  private static JsonNode checked(String source, JsonNode overlay, boolean file) {
    SpecReader.Result r = SpecReader.read(overlay);
    if (r.error().isPresent()) {
      String msg = source + ": " + r.error().get();
      // A file with a wrong field is malformed input; a flag with a wrong path is a usage error.
      throw file ? new InputException(msg) : new UsageException(msg);
    }
    return overlay;
  }

  private static JsonNode readFile(Path f) {
    if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
      throw new InputException("-f " + f + ": file does not exist or is not readable");
    }
    try {
      return OperatorDocument.specOf(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InputException("-f " + f + ": " + e.getMessage(), e);
    }
  }

  private static Optional<String> last(List<Layer> layers, String field) {
    Optional<String> value = Optional.empty();
    for (Layer l : layers) {
      JsonNode n = l.tree().get(field);
      if (n != null && n.isTextual()) {
        value = Optional.of(n.asText());
      }
    }
    return value;
  }

  private static JsonNode tree(String field, String value) {
    return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put(field, value);
  }
}

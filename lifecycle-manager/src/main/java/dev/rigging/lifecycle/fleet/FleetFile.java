package dev.rigging.lifecycle.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rigging.lifecycle.errors.InputException;
import dev.rigging.lifecycle.spec.Cloud;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code FleetFile} reads {@code fleet.yaml} ({@code kind: Fleet}, {@code apiVersion:
 * rigging.dev/v1alpha1}), strictly: unknown fields, duplicate names, a missing context or a
 * cloud that is not eks, aks, gke or none are input errors that name the cluster. Relative
 * kubeconfig paths are relative to the fleet file.
 */
public final class FleetFile {
  public static final String API_VERSION = "rigging.dev/v1alpha1";
  private static final ObjectMapper YAML = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private FleetFile() {}

  record Document(String apiVersion, String kind, Map<String, String> metadata, Spec spec) {}

  record Spec(String namespace, String revision, String kubeconfig, List<ClusterEntry> clusters) {}

  record ClusterEntry(String name, String context, String kubeconfig, String cloud, String region, Integer wave) {}

  public static Fleet read(Path file) {
    if (!Files.isReadable(file)) {
      throw new InputException("--fleet " + file + ": file does not exist or is not readable");
    }
    Document d;
    try {
      d = YAML.readValue(Files.readString(file), Document.class);
    } catch (JsonProcessingException e) {
      throw new InputException(file + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InputException(file + ": " + e.getMessage(), e);
    }
    if (d == null || !API_VERSION.equals(d.apiVersion()) || !"Fleet".equals(d.kind())) {
      throw new InputException(file + ": expected apiVersion " + API_VERSION + " and kind Fleet");
    }
    if (d.spec() == null || d.spec().clusters() == null || d.spec().clusters().isEmpty()) {
      throw new InputException(file + ": spec.clusters must list at least one cluster");
    }
    Path base = file.toAbsolutePath().getParent();
    Optional<Path> fleetKubeconfig = Optional.ofNullable(d.spec().kubeconfig()).map(base::resolve);
    List<Fleet.Member> members = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < d.spec().clusters().size(); i++) {
      ClusterEntry c = d.spec().clusters().get(i);
      String at = file + ": spec.clusters[" + i + "]";
      if (c.name() == null || c.name().isBlank() || !names.add(c.name())) {
        throw new InputException(at + ".name: " + (c.name() == null ? "required" : "duplicate name \"" + c.name() + "\""));
      }
      if (c.context() == null || c.context().isBlank()) {
        throw new InputException(at + " (" + c.name() + ").context: required (the kubeconfig context of the cluster)");
      }
      String cloud = c.cloud() == null ? "none" : c.cloud();
      if (Cloud.find(cloud).isEmpty()) {
        throw new InputException(at + " (" + c.name() + ").cloud: \"" + cloud + "\"; valid: " + Cloud.ids());
      }
      int wave = c.wave() == null ? 1 : c.wave();
      if (wave < 0) {
        throw new InputException(at + " (" + c.name() + ").wave: must be 0 or more");
      }
      Optional<Path> kc = Optional.ofNullable(c.kubeconfig()).map(base::resolve).or(() -> fleetKubeconfig);
      members.add(new Fleet.Member(c.name(), c.context(), kc, cloud, c.region() == null ? "" : c.region(), wave));
    }
    String name = d.metadata() == null ? file.getFileName().toString() : d.metadata().getOrDefault("name", file.getFileName().toString());
    return new Fleet(name, d.spec().namespace() == null ? "istio-system" : d.spec().namespace(),
        Optional.ofNullable(d.spec().revision()), members);
  }
}

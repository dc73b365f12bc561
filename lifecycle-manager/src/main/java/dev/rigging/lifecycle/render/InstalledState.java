package dev.rigging.lifecycle.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rigging.lifecycle.errors.FailureException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * {@code InstalledState} is rig's record of one installed revision, kept in the cluster as the
 * ConfigMap {@code rig-installed-state-<revision>} in the mesh namespace (what istioctl keeps in its
 * {@code installed-state} IstioOperator): the version, flavour, profile, cloud, the images, and the
 * complete merged spec, so that {@code check-upgrade}, {@code upgrade} and rollbacks can re-render
 * exactly what is installed.
 */
public record InstalledState(String revision, String version, String flavour, String profile, String cloud,
    String namespace, String istiodImage, String proxyImage, JsonNode spec) {
  private static final YAMLMapper YAML = new YAMLMapper();

  public InstalledState {
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(spec, "spec");
  }

  /** The record of what {@code t} installs. */
  public static InstalledState of(RenderTarget t) {
    return new InstalledState(t.revision(), t.version().version().toString(), t.flavour().id(), t.spec().profile(),
        t.resolved().cloud().id(), t.namespace(), t.images().istiod(), t.images().proxy(), t.resolved().tree());
  }

  public ConfigMap toConfigMap() {
    var labels = RigLabels.revisioned(Component.PILOT.id(), revision);
    labels.put(RigLabels.INSTALLED_STATE, "true");
    return new ConfigMapBuilder()
        .withNewMetadata().withName(new RevisionNames(revision, namespace).installedState()).withNamespace(namespace)
        .withLabels(labels).endMetadata()
        .withData(Map.of("revision", revision, "version", version, "flavour", flavour, "profile", profile,
            "cloud", cloud, "istiodImage", istiodImage, "proxyImage", proxyImage, "spec", ManifestYaml.yaml(spec)))
        .build();
  }

  /** Reads the record back; a damaged record is a failure naming the ConfigMap. */
  public static InstalledState from(ConfigMap cm) {
    Map<String, String> d = cm.getData() == null ? Map.of() : cm.getData();
    String where = "ConfigMap " + cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName();
    for (String key : new String[] {"revision", "version", "flavour", "profile", "cloud", "spec"}) {
      if (!d.containsKey(key)) {
        throw new FailureException(where + " is not a complete rig installed-state record (missing data." + key
            + "); re-run rig install for that revision");
      }
    }
    try {
      return new InstalledState(d.get("revision"), d.get("version"), d.get("flavour"), d.get("profile"),
          d.get("cloud"), cm.getMetadata().getNamespace(), d.getOrDefault("istiodImage", ""),
          d.getOrDefault("proxyImage", ""), YAML.readTree(d.get("spec")));
    } catch (IOException e) {
      throw new FailureException(where + ": data.spec is not YAML: " + e.getMessage(), e);
    }
  }
}

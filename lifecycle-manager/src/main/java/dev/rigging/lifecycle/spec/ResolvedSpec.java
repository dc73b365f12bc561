package dev.rigging.lifecycle.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * {@code ResolvedSpec} is the merged, validated spec of one install, with the cloud it was
 * resolved for and the layers it was built from (for messages and the installed-state record).
 *
 * @param tree the merged spec as a tree, exactly what is recorded in the cluster
 * @param cloudDetected whether {@code cloud} came from the cluster's nodes rather than the spec
 */
public record ResolvedSpec(InstallSpec spec, JsonNode tree, Cloud cloud, boolean cloudDetected, List<String> layers) {
  public ResolvedSpec {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(cloud, "cloud");
    layers = List.copyOf(layers);
  }

  public String revision() {
    return spec.revision();
  }
}

package dev.rigging.lifecycle.render;

import dev.rigging.mesh.crd.Crds;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code BaseRenderer} renders what every revision shares: the mesh namespace and the Istio CRDs
 * (taken from mesh-core, so the API server validates exactly what istiod-lite understands).
 */
final class BaseRenderer {
  private BaseRenderer() {}

  static List<ManifestItem> render(RenderTarget t) {
    List<ManifestItem> out = new ArrayList<>();
    for (CustomResourceDefinition crd : crds()) {
      out.add(new ManifestItem(Component.BASE, crd));
    }
    Namespace ns = new NamespaceBuilder().withNewMetadata().withName(t.namespace())
        .withLabels(RigLabels.owned(Component.BASE.id())).endMetadata().build();
    out.add(new ManifestItem(Component.BASE, ns));
    return out;
  }

  /** mesh-core's CRDs, labelled as rig's. */
  static List<CustomResourceDefinition> crds() {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (String yaml : Crds.yaml()) {
      CustomResourceDefinition crd = ManifestYaml.read(yaml, CustomResourceDefinition.class);
      var labels = new LinkedHashMap<>(crd.getMetadata().getLabels() == null ? java.util.Map.<String, String>of()
          : crd.getMetadata().getLabels());
      labels.putAll(RigLabels.owned(Component.BASE.id()));
      crd.getMetadata().setLabels(labels);
      crds.add(crd);
    }
    return crds;
  }
}

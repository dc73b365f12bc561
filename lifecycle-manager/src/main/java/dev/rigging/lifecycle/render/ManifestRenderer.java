package dev.rigging.lifecycle.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ManifestRenderer} renders one install: the shared base (CRDs, namespace), the revision's
 * control plane and installed-state record, the webhooks the mesh will have afterwards (computed by
 * the caller from the mesh state, see {@code WebhookPlanner}), and the enabled gateways.
 */
public final class ManifestRenderer {
  private ManifestRenderer() {}

  public static Manifest render(RenderTarget t, List<HasMetadata> webhooks) {
    List<ManifestItem> items = new ArrayList<>(BaseRenderer.render(t));
    items.addAll(IstiodRenderer.render(t));
    items.add(new ManifestItem(Component.PILOT, InstalledState.of(t).toConfigMap()));
    webhooks.forEach(w -> items.add(new ManifestItem(Component.WEBHOOKS, w)));
    items.addAll(GatewayRenderer.render(t));
    for (ManifestItem i : items) {
      // CRDs are shared by every mesh in the cluster; everything else belongs to this one.
      if (!i.object().getKind().equals("CustomResourceDefinition")) {
        i.object().getMetadata().getLabels().put(RigLabels.MESH, t.namespace());
      }
    }
    return new Manifest(items);
  }

  /** The CRDs rig installs, for prechecks that compare them with the cluster's. */
  public static List<io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition> crds() {
    return BaseRenderer.crds();
  }
}

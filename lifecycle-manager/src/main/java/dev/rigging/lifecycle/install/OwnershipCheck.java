package dev.rigging.lifecycle.install;

import dev.rigging.lifecycle.analyze.Message;
import dev.rigging.lifecycle.analyze.MessageType;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.render.Manifest;
import dev.rigging.lifecycle.render.ManifestItem;
import dev.rigging.lifecycle.render.RigLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code OwnershipCheck} finds what rig must not silently take over: objects with the names rig
 * would write that another tool owns (an error unless {@code --force}), and any upstream Istio in
 * the cluster — istiod Deployments, Istio webhooks and the IstioOperator CRD not managed by rig
 * (a warning: two control planes would fight over sidecars and webhooks).
 */
public final class OwnershipCheck {
  private OwnershipCheck() {}

  static List<Message> check(Cluster cluster, Manifest manifest, boolean takeOver) {
    List<Message> out = new ArrayList<>();
    for (HasMetadata o : manifest.objects()) {
      if (o.getKind().equals("Namespace")) {
        continue;
      }
      HasMetadata live = cluster.call("read " + ManifestItem.describe(o), () -> cluster.client().resource(o).get());
      if (live != null && !RigLabels.isOwned(live)) {
        out.add(takeOver
            ? MessageType.OBJECT_TAKEN_OVER.on(ManifestItem.describe(o),
                "exists and is not managed by rig; --force: rig takes it over")
            : MessageType.OBJECT_NOT_MANAGED_BY_RIG.on(ManifestItem.describe(o),
                "exists and is not managed by rig; remove it, install under another revision (-r), or pass --force"));
      }
    }
    out.addAll(upstreamIstio(cluster));
    return out;
  }

  /** Upstream (non-rig) Istio control planes, webhooks and operator found in the cluster. */
  public static List<Message> upstreamIstio(Cluster cluster) {
    List<Message> out = new ArrayList<>();
    var k = cluster.client();
    cluster.run("look for an upstream Istio", () -> {
      k.apps().deployments().inAnyNamespace().withLabel("app", "istiod").list().getItems().stream()
          .filter(d -> !RigLabels.isOwned(d))
          .forEach(d -> out.add(MessageType.UPSTREAM_ISTIO_DETECTED.on(ManifestItem.describe(d),
              "an upstream Istio control plane is installed (image " + image(d) + ", revision "
                  + revisionOr(d, "default") + "); migrate its namespaces to a rig revision, then uninstall it")));
      k.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems().stream()
          .filter(w -> RigLabels.revisionOf(w) != null && !RigLabels.isOwned(w))
          .forEach(w -> out.add(MessageType.UPSTREAM_ISTIO_DETECTED.on(ManifestItem.describe(w),
              "an upstream Istio injection webhook (revision " + revisionOr(w, "default") + ") is installed;"
                  + " namespaces it selects keep upstream sidecars")));
      if (k.apiextensions().v1().customResourceDefinitions().withName("istiooperators.install.istio.io").get() != null) {
        out.add(MessageType.UPSTREAM_ISTIO_DETECTED.on("CustomResourceDefinition istiooperators.install.istio.io",
            "the Istio operator API is installed; an in-cluster Istio operator would fight rig over the same objects"));
      }
    });
    return out;
  }

  private static String image(io.fabric8.kubernetes.api.model.apps.Deployment d) {
    var containers = d.getSpec().getTemplate().getSpec().getContainers();
    return containers.isEmpty() ? "unknown" : containers.get(0).getImage();
  }

  private static String revisionOr(HasMetadata o, String fallback) {
    String r = RigLabels.revisionOf(o);
    return r == null ? fallback : r;
  }
}

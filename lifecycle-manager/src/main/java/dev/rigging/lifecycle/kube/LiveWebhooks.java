package dev.rigging.lifecycle.kube;

import dev.rigging.lifecycle.render.RigLabels;
import dev.rigging.lifecycle.webhook.WebhookTargets;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code LiveWebhooks} reads Istio webhook configurations from a cluster and checks their Services exist. */
public final class LiveWebhooks {
  private LiveWebhooks() {}

  /** Every webhook configuration that is Istio's (labelled {@code istio.io/rev}), rig's or not. */
  public static List<HasMetadata> istio(Cluster c) {
    List<HasMetadata> out = new ArrayList<>();
    c.run("list webhook configurations", () -> {
      c.client().admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems().stream()
          .filter(w -> RigLabels.revisionOf(w) != null).forEach(out::add);
      c.client().admissionRegistration().v1().validatingWebhookConfigurations().list().getItems().stream()
          .filter(w -> RigLabels.revisionOf(w) != null).forEach(out::add);
    });
    return out;
  }

  /** The entries among {@code webhooks} whose Service is missing. */
  public static List<String> dangling(Cluster cluster, List<HasMetadata> webhooks) {
    return dangling(cluster, webhooks, Set.of());
  }

  /**
   * The entries among {@code webhooks} whose Service is missing and not in {@code comingServices}
   * ({@code namespace/name} of Services about to be applied).
   */
  public static List<String> dangling(Cluster cluster, List<HasMetadata> webhooks, Set<String> comingServices) {
    Set<String> services = new HashSet<>(comingServices);
    for (WebhookTargets.Target t : WebhookTargets.targets(webhooks)) {
      if (t.service() == null || services.contains(t.service())) {
        continue;
      }
      String[] nsName = t.service().split("/", 2);
      var svc = cluster.call("read Service " + t.service(),
          () -> cluster.client().services().inNamespace(nsName[0]).withName(nsName[1]).get());
      if (svc != null) {
        services.add(t.service());
      }
    }
    return WebhookTargets.dangling(webhooks, services);
  }
}

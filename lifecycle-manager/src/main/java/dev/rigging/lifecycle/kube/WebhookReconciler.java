package dev.rigging.lifecycle.kube;

import dev.rigging.lifecycle.render.ManifestYaml;
import dev.rigging.lifecycle.webhook.MeshState;
import dev.rigging.lifecycle.webhook.WebhookPlanner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code WebhookReconciler} makes a cluster's webhooks exactly the plan of a mesh state: it applies
 * every planned webhook configuration (and webhook-access role), then deletes every rig-owned one
 * the plan does not contain. Applying before deleting means a namespace is never left without an
 * injector while a tag moves; callers that remove a revision reconcile before deleting its Service,
 * so no webhook ever calls a Service that is gone.
 */
public final class WebhookReconciler {
  private WebhookReconciler() {}

  public static List<Applier.Applied> reconcile(Cluster c, Applier applier, MeshState state) {
    List<HasMetadata> desired = WebhookPlanner.plan(state).stream().map(ManifestYaml::stamp)
        .map(o -> (HasMetadata) o).toList();
    List<Applier.Applied> out = new ArrayList<>();
    for (HasMetadata o : desired) {
      out.add(applier.apply(o));
    }
    Set<String> keep = desired.stream().map(WebhookReconciler::key).collect(Collectors.toSet());
    for (HasMetadata live : OwnedObjects.webhookObjects(c, state.namespace())) {
      if (!keep.contains(key(live))) {
        out.add(applier.delete(live));
      }
    }
    return out;
  }

  private static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getName();
  }
}

package dev.rigging.lifecycle.install;

import dev.rigging.lifecycle.analyze.Message;
import dev.rigging.lifecycle.analyze.MessageType;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.kube.LiveWebhooks;
import dev.rigging.lifecycle.kube.OwnedObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Set;

/**
 * {@code WebhookTargetCheck} verifies rig's ownership invariant in a live cluster: every webhook
 * configuration rig owns calls a Service that exists (IST0139 otherwise). rig itself never leaves
 * such a webhook behind; this finds Services deleted outside rig. Services the plan is about to
 * apply count as existing: installing that revision again is how the damage is repaired.
 */
public final class WebhookTargetCheck {
  private WebhookTargetCheck() {}

  public static List<Message> check(Cluster cluster, String namespace) {
    return check(cluster, namespace, Set.of());
  }

  /** As {@link #check(Cluster, String)}, with {@code comingServices} ({@code namespace/name}) counted as existing. */
  public static List<Message> check(Cluster cluster, String namespace, Set<String> comingServices) {
    List<HasMetadata> webhooks = OwnedObjects.webhookObjects(cluster, namespace).stream()
        .filter(o -> o.getKind().endsWith("WebhookConfiguration")).toList();
    return LiveWebhooks.dangling(cluster, webhooks, comingServices).stream()
        .map(d -> MessageType.INVALID_WEBHOOK.on("", d + "; it was deleted outside rig: re-run rig install for that"
            + " revision (it recreates the Service) or rig uninstall it"))
        .toList();
  }
}

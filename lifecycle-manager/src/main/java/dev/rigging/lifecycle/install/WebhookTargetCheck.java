package dev.rigging.lifecycle.install;

import dev.rigging.lifecycle.analyze.Message;
import dev.rigging.lifecycle.analyze.MessageType;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.kube.LiveWebhooks;
import dev.rigging.lifecycle.kube.OwnedObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * {@code WebhookTargetCheck} verifies rig's ownership invariant in a live cluster: every webhook
 * configuration rig owns calls a Service that exists (IST0139 otherwise).
 */
public final class WebhookTargetCheck {
  private WebhookTargetCheck() {}

  public static List<Message> check(Cluster cluster, String namespace) {
    List<HasMetadata> webhooks = OwnedObjects.webhookObjects(cluster, namespace).stream()
        .filter(o -> o.getKind().endsWith("WebhookConfiguration")).toList();
    return LiveWebhooks.dangling(cluster, webhooks).stream()
        .map(d -> MessageType.INVALID_WEBHOOK.on("", d + "; rig uninstall or rig tag remove left it behind,"
            + " or the Service was deleted by hand: re-run rig install for that revision or remove the tag"))
        .toList();
  }
}

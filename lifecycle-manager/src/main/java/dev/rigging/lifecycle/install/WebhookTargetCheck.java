package dev.rigging.lifecycle.install;

import dev.rigging.lifecycle.analyze.Message;
import dev.rigging.lifecycle.analyze.MessageType;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.kube.OwnedObjects;
import dev.rigging.lifecycle.webhook.WebhookTargets;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code WebhookTargetCheck} verifies rig's ownership invariant in a live cluster: every webhook
 * configuration rig owns calls a Service that exists (IST0139 otherwise).
 */
public final class WebhookTargetCheck {
  private WebhookTargetCheck() {}

  public static List<Message> check(Cluster cluster, String namespace) {
    List<HasMetadata> webhooks = OwnedObjects.webhookObjects(cluster, namespace).stream()
        .filter(o -> o.getKind().endsWith("WebhookConfiguration")).toList();
    return dangling(cluster, webhooks).stream()
        .map(d -> MessageType.INVALID_WEBHOOK.on("", d + "; rig uninstall or rig tag remove left it behind,"
            + " or the Service was deleted by hand: re-run rig install for that revision or remove the tag"))
        .toList();
  }

  /** The webhook entries among {@code webhooks} whose Service is missing. */
  public static List<String> dangling(Cluster cluster, List<HasMetadata> webhooks) {
    Set<String> services = new HashSet<>();
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

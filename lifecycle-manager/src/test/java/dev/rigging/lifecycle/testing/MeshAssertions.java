package dev.rigging.lifecycle.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.lifecycle.webhook.WebhookTargets;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** TEST-ONLY. {@code MeshAssertions} are checks tests run against a mock cluster after each step. */
public final class MeshAssertions {
  private MeshAssertions() {}

  /** Every webhook configuration in the cluster, rig's or not. */
  public static List<HasMetadata> webhooks(MockCluster c) {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(c.client().admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems());
    all.addAll(c.client().admissionRegistration().v1().validatingWebhookConfigurations().list().getItems());
    return all;
  }

  /**
   * The ownership invariant: every webhook entry calls an existing Service whose revision has an
   * installed-state record, and every webhook configuration is rig's.
   */
  public static void assertNoDanglingWebhooks(MockCluster c, String step) {
    Set<String> services = c.client().services().inAnyNamespace().list().getItems().stream()
        .map(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName()).collect(Collectors.toSet());
    List<HasMetadata> webhooks = webhooks(c);
    assertThat(WebhookTargets.dangling(webhooks, services)).as("dangling webhooks after %s", step).isEmpty();
    Set<String> recorded = c.client().configMaps().inAnyNamespace().withLabel("rigging.dev/installed-state", "true")
        .list().getItems().stream().map(cm -> cm.getData().get("revision")).collect(Collectors.toSet());
    for (WebhookTargets.Target t : WebhookTargets.targets(webhooks)) {
      String svc = t.service().substring(t.service().indexOf('/') + 1);
      String rev = svc.equals("istiod") ? "default" : svc.substring("istiod-".length());
      assertThat(recorded).as("after %s, %s calls %s of revision %s, which rig does not record as installed",
          step, t.configuration(), t.service(), rev).contains(rev);
    }
    assertThat(webhooks).as("after %s every webhook configuration is rig's", step)
        .allSatisfy(w -> assertThat(w.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "rig"));
  }

  /** Names of the webhook configurations, as "Kind/name", sorted. */
  public static List<String> webhookNames(MockCluster c) {
    return webhooks(c).stream().map(w -> w.getKind() + "/" + w.getMetadata().getName()).sorted().toList();
  }

  /** The writes rig made (status writes by the kubelet stand-in excluded). */
  public static List<String> rigWrites(MockCluster c) {
    return c.api().writes().stream().filter(w -> !w.endsWith("/status")).toList();
  }
}

package dev.rigging.lifecycle.webhook;

import dev.rigging.lifecycle.render.ManifestItem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code WebhookTargets} checks rig's ownership invariant: every webhook entry of a webhook
 * configuration calls a Service that exists. It is the check behind precheck ("webhook targets
 * exist"), {@code analyze} (IST0139) and the tests that run it after every step.
 */
public final class WebhookTargets {
  private WebhookTargets() {}

  /** A webhook entry and the Service it calls ({@code namespace/name}), or its URL. */
  public record Target(String configuration, String entry, String service) {}

  /** Every entry of {@code configurations} with its target. */
  public static List<Target> targets(List<? extends HasMetadata> configurations) {
    List<Target> out = new ArrayList<>();
    for (HasMetadata o : configurations) {
      if (o instanceof MutatingWebhookConfiguration m && m.getWebhooks() != null) {
        m.getWebhooks().forEach(w -> out.add(target(o, w.getName(), w.getClientConfig())));
      } else if (o instanceof ValidatingWebhookConfiguration v && v.getWebhooks() != null) {
        v.getWebhooks().forEach(w -> out.add(target(o, w.getName(), w.getClientConfig())));
      }
    }
    return out;
  }

  private static Target target(HasMetadata o, String entry, WebhookClientConfig cc) {
    String service = cc == null || cc.getService() == null ? null
        : cc.getService().getNamespace() + "/" + cc.getService().getName();
    return new Target(ManifestItem.describe(o), entry, service);
  }

  /**
   * The entries whose Service is not in {@code existingServices} ({@code namespace/name}), as
   * messages. Entries that call a URL instead of a Service are not rig's and are not checked.
   */
  public static List<String> dangling(List<? extends HasMetadata> configurations, Set<String> existingServices) {
    return targets(configurations).stream()
        .filter(t -> t.service() != null && !existingServices.contains(t.service()))
        .map(t -> t.configuration() + " (" + t.entry() + ") calls Service " + t.service() + ", which does not exist")
        .toList();
  }
}

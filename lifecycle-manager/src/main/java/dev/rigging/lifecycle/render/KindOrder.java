package dev.rigging.lifecycle.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;
import java.util.List;

/**
 * {@code KindOrder} is the dependency order of the kinds rig renders: definitions before their
 * instances, the namespace before what lives in it, identities and permissions before the pods
 * that use them, Services before the webhooks that call them. Deletion uses the reverse.
 */
public final class KindOrder {
  private static final List<String> ORDER = List.of(
      "CustomResourceDefinition", "Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role",
      "RoleBinding", "ConfigMap", "Service", "Deployment", "PodDisruptionBudget", "HorizontalPodAutoscaler",
      "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

  private KindOrder() {}

  public static int rank(String kind) {
    int i = ORDER.indexOf(kind);
    if (i < 0) {
      throw new IllegalArgumentException("rig does not render kind " + kind);
    }
    return i;
  }

  /** Apply order. */
  public static final Comparator<HasMetadata> APPLY = Comparator.comparingInt((HasMetadata o) -> rank(o.getKind()));

  /** Delete order. */
  public static final Comparator<HasMetadata> DELETE = APPLY.reversed();
}

package dev.rigging.lifecycle.kube;

import dev.rigging.lifecycle.render.RigLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code OwnedObjects} lists the objects rig owns in a cluster, by label, for every kind rig
 * renders except CRDs (which hold everybody's Istio config and are never deleted by rig).
 */
public final class OwnedObjects {
  private OwnedObjects() {}

  /** Owned objects of the mesh in {@code namespace} matching {@code extraLabels}, namespaced and cluster-wide. */
  public static List<HasMetadata> list(Cluster c, String namespace, Map<String, String> extraLabels) {
    Map<String, String> labels = new java.util.LinkedHashMap<>(extraLabels);
    labels.put(RigLabels.MANAGED_BY, RigLabels.RIG);
    labels.put(RigLabels.MESH, namespace);
    var k = c.client();
    List<HasMetadata> out = new ArrayList<>();
    c.run("list rig's objects", () -> {
      out.addAll(k.admissionRegistration().v1().mutatingWebhookConfigurations().withLabels(labels).list().getItems());
      out.addAll(k.admissionRegistration().v1().validatingWebhookConfigurations().withLabels(labels).list().getItems());
      out.addAll(k.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).withLabels(labels).list().getItems());
      out.addAll(k.policy().v1().podDisruptionBudget().inNamespace(namespace).withLabels(labels).list().getItems());
      out.addAll(k.apps().deployments().inNamespace(namespace).withLabels(labels).list().getItems());
      out.addAll(k.services().inNamespace(namespace).withLabels(labels).list().getItems());
      out.addAll(k.configMaps().inNamespace(namespace).withLabels(labels).list().getItems());
      out.addAll(k.rbac().roleBindings().inNamespace(namespace).withLabels(labels).list().getItems());
      out.addAll(k.rbac().roles().inNamespace(namespace).withLabels(labels).list().getItems());
      out.addAll(k.rbac().clusterRoleBindings().withLabels(labels).list().getItems());
      out.addAll(k.rbac().clusterRoles().withLabels(labels).list().getItems());
      out.addAll(k.serviceAccounts().inNamespace(namespace).withLabels(labels).list().getItems());
    });
    return out;
  }

  /** Owned webhook configurations of the mesh in {@code namespace} and their webhook-access roles. */
  public static List<HasMetadata> webhookObjects(Cluster c, String namespace) {
    Map<String, String> owned = Map.of(RigLabels.MANAGED_BY, RigLabels.RIG, RigLabels.MESH, namespace);
    Map<String, String> access = Map.of(RigLabels.MANAGED_BY, RigLabels.RIG, RigLabels.WEBHOOK_ACCESS, "true",
        RigLabels.MESH, namespace);
    var k = c.client();
    List<HasMetadata> out = new ArrayList<>();
    c.run("list rig's webhooks", () -> {
      out.addAll(k.admissionRegistration().v1().mutatingWebhookConfigurations().withLabels(owned).list().getItems());
      out.addAll(k.admissionRegistration().v1().validatingWebhookConfigurations().withLabels(owned).list().getItems());
      out.addAll(k.rbac().clusterRoleBindings().withLabels(access).list().getItems());
      out.addAll(k.rbac().clusterRoles().withLabels(access).list().getItems());
    });
    return out;
  }
}

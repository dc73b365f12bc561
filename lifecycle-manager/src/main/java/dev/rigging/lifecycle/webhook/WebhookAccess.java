package dev.rigging.lifecycle.webhook;

import dev.rigging.lifecycle.render.Component;
import dev.rigging.lifecycle.render.RevisionNames;
import dev.rigging.lifecycle.render.RigLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code WebhookAccess} grants each revision's istiod get/update/patch on exactly the webhook
 * configurations that call it (to patch in its {@code caBundle}), by name. Because these roles are
 * part of the webhook plan, moving a tag moves the right to patch its webhook with it.
 */
final class WebhookAccess {
  private WebhookAccess() {}

  static List<HasMetadata> render(MeshState state, List<HasMetadata> webhooks) {
    Map<String, TreeSet<String>> mutating = new TreeMap<>();
    Map<String, TreeSet<String>> validating = new TreeMap<>();
    for (HasMetadata o : webhooks) {
      if (o instanceof MutatingWebhookConfiguration m) {
        m.getWebhooks().forEach(w -> add(mutating, w.getClientConfig().getService().getName(), o));
      } else if (o instanceof ValidatingWebhookConfiguration v) {
        v.getWebhooks().forEach(w -> add(validating, w.getClientConfig().getService().getName(), o));
      }
    }
    List<HasMetadata> out = new ArrayList<>();
    for (String rev : state.revisions().keySet()) {
      RevisionNames n = new RevisionNames(rev, state.namespace());
      var labels = RigLabels.revisioned(Component.PILOT.id(), rev);
      labels.put(RigLabels.WEBHOOK_ACCESS, "true");
      labels.put(RigLabels.MESH, state.namespace());
      var role = new ClusterRoleBuilder().withNewMetadata().withName(n.webhookClusterRole()).withLabels(labels)
          .endMetadata();
      TreeSet<String> m = mutating.getOrDefault(n.istiod(), new TreeSet<>());
      TreeSet<String> v = validating.getOrDefault(n.istiod(), new TreeSet<>());
      // An empty resourceNames list would grant access to every webhook; leave the rule out instead.
      if (!m.isEmpty()) {
        role.addToRules(new PolicyRuleBuilder().withApiGroups("admissionregistration.k8s.io")
            .withResources("mutatingwebhookconfigurations").withResourceNames(List.copyOf(m))
            .withVerbs("get", "update", "patch").build());
      }
      if (!v.isEmpty()) {
        role.addToRules(new PolicyRuleBuilder().withApiGroups("admissionregistration.k8s.io")
            .withResources("validatingwebhookconfigurations").withResourceNames(List.copyOf(v))
            .withVerbs("get", "update", "patch").build());
      }
      out.add(role.build());
      out.add(new ClusterRoleBindingBuilder().withNewMetadata().withName(n.webhookClusterRole()).withLabels(labels)
          .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", n.webhookClusterRole())
          .addNewSubject().withKind("ServiceAccount").withName(n.istiod()).withNamespace(state.namespace()).endSubject()
          .build());
    }
    return out;
  }

  private static void add(Map<String, TreeSet<String>> byService, String service, HasMetadata o) {
    byService.computeIfAbsent(service, k -> new TreeSet<>()).add(o.getMetadata().getName());
  }
}

package dev.rigging.lifecycle.install;

import dev.rigging.lifecycle.analyze.Message;
import dev.rigging.lifecycle.analyze.MessageType;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.render.Manifest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code PermissionCheck} asks the API server, with SelfSubjectAccessReviews, whether the caller
 * may do what the plan needs: read, create and server-side-apply (patch) every kind rig renders,
 * in the namespaces it renders them in; delete what rig prunes and reconciles (webhook
 * configurations, cluster roles and bindings); and list namespaces and pods to see what uses a
 * revision.
 */
final class PermissionCheck {
  private static final Set<String> DELETED_BY_RECONCILE = Set.of("MutatingWebhookConfiguration",
      "ValidatingWebhookConfiguration", "ClusterRole", "ClusterRoleBinding");

  private PermissionCheck() {}

  record Access(String verb, String group, String resource, String namespace) {
    String describe() {
      return verb + " " + (group.isEmpty() ? "" : group + "/") + resource + (namespace == null ? "" : " in " + namespace);
    }
  }

  static List<Message> check(Cluster cluster, Manifest manifest) {
    List<Message> out = new ArrayList<>();
    for (Access a : needed(manifest)) {
      SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
          .withVerb(a.verb()).withGroup(a.group()).withResource(a.resource()).withNamespace(a.namespace())
          .endResourceAttributes().endSpec().build();
      SelfSubjectAccessReview answer = cluster.call("check permission to " + a.describe(),
          () -> cluster.client().authorization().v1().selfSubjectAccessReview().create(review));
      boolean allowed = answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
      if (!allowed) {
        String reason = answer.getStatus() == null || answer.getStatus().getReason() == null
            || answer.getStatus().getReason().isEmpty() ? "denied" : answer.getStatus().getReason();
        out.add(MessageType.INSUFFICIENT_PERMISSIONS.on("Cluster " + cluster.context(),
            "missing permission to " + a.describe() + " (" + reason + ")"));
      }
    }
    return out;
  }

  static List<Access> needed(Manifest manifest) {
    Set<Access> needed = new LinkedHashSet<>();
    for (HasMetadata o : manifest.objects()) {
      String group = HasMetadata.getGroup(o.getClass());
      String resource = HasMetadata.getPlural(o.getClass());
      String ns = o.getMetadata().getNamespace();
      for (String verb : List.of("get", "create", "patch")) {
        needed.add(new Access(verb, group, resource, ns));
      }
      if (DELETED_BY_RECONCILE.contains(o.getKind())) {
        needed.add(new Access("delete", group, resource, ns));
      }
    }
    needed.add(new Access("list", "", "namespaces", null));
    needed.add(new Access("list", "", "pods", null));
    return List.copyOf(needed);
  }
}

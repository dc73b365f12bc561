package dev.rigging.lifecycle.render;

import dev.rigging.mesh.config.Kind;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.Arrays;
import java.util.List;

/**
 * {@code RbacRenderer} renders istiod-lite's identity and permissions: read access to what its
 * informers watch (nodes, namespaces, pods, services, endpoint slices and the Istio kinds whose
 * CRDs rig installs), ConfigMaps everywhere (it publishes {@code istio-ca-root-cert} into every
 * namespace), TokenReviews (CA caller authentication), list/watch on webhook configurations, and
 * Secrets in its own namespace only (the CA key {@code istio-ca-secret}). Patch rights on webhook
 * configurations are granted per webhook by the webhook plan, never cluster-wide.
 */
final class RbacRenderer {
  private static final List<String> READ = List.of("get", "list", "watch");

  private RbacRenderer() {}

  static List<ManifestItem> render(RenderTarget t) {
    RevisionNames n = t.names();
    var labels = RigLabels.revisioned(Component.PILOT.id(), t.revision());
    var sa = new ServiceAccountBuilder().withNewMetadata().withName(n.istiod()).withNamespace(t.namespace())
        .withLabels(labels).endMetadata().build();
    var clusterRole = new ClusterRoleBuilder().withNewMetadata().withName(n.clusterRole()).withLabels(labels).endMetadata()
        .withRules(clusterRules()).build();
    var clusterBinding = new ClusterRoleBindingBuilder().withNewMetadata().withName(n.clusterRole()).withLabels(labels)
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", n.clusterRole())
        .addNewSubject().withKind("ServiceAccount").withName(n.istiod()).withNamespace(t.namespace()).endSubject()
        .build();
    var role = new RoleBuilder().withNewMetadata().withName(n.istiod()).withNamespace(t.namespace()).withLabels(labels)
        .endMetadata()
        .withRules(rule("", List.of("secrets"), List.of("create", "get", "list", "watch", "update", "delete")))
        .build();
    var roleBinding = new RoleBindingBuilder().withNewMetadata().withName(n.istiod()).withNamespace(t.namespace())
        .withLabels(labels).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", n.istiod())
        .addNewSubject().withKind("ServiceAccount").withName(n.istiod()).withNamespace(t.namespace()).endSubject()
        .build();
    return List.of(new ManifestItem(Component.PILOT, sa), new ManifestItem(Component.PILOT, clusterRole),
        new ManifestItem(Component.PILOT, clusterBinding), new ManifestItem(Component.PILOT, role),
        new ManifestItem(Component.PILOT, roleBinding));
  }

  static List<PolicyRule> clusterRules() {
    List<PolicyRule> rules = new java.util.ArrayList<>();
    rules.add(rule("", List.of("nodes", "namespaces", "pods", "services"), READ));
    rules.add(rule("discovery.k8s.io", List.of("endpointslices"), READ));
    // istiod-lite watches every Istio kind mesh-core knows, in each kind's own API group.
    Arrays.stream(Kind.values()).collect(java.util.stream.Collectors.groupingBy(Kind::group, java.util.TreeMap::new,
            java.util.stream.Collectors.mapping(Kind::plural, java.util.stream.Collectors.toList())))
        .forEach((group, plurals) -> rules.add(rule(group, plurals, READ)));
    rules.add(rule("", List.of("configmaps"), List.of("create", "get", "list", "watch", "update")));
    rules.add(rule("authentication.k8s.io", List.of("tokenreviews"), List.of("create")));
    rules.add(rule("admissionregistration.k8s.io",
        List.of("mutatingwebhookconfigurations", "validatingwebhookconfigurations"), List.of("list", "watch")));
    return List.copyOf(rules);
  }

  static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
  }
}

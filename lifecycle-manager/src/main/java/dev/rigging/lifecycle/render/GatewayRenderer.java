package dev.rigging.lifecycle.render;

import dev.rigging.lifecycle.spec.InstallSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GatewayRenderer} renders each enabled ingress and egress gateway: ServiceAccount, a Role
 * to read TLS Secrets in its namespace (gateway SDS), Deployment, Service, PodDisruptionBudget and
 * autoscaler. Gateway names are shared between revisions, as in Istio: the revision whose install
 * renders a gateway owns it ({@code istio.io/rev}) until another install takes it over.
 */
final class GatewayRenderer {
  private GatewayRenderer() {}

  static List<ManifestItem> render(RenderTarget t) {
    List<ManifestItem> out = new ArrayList<>();
    for (InstallSpec.Gateway g : t.spec().components().ingressGateways()) {
      if (Boolean.TRUE.equals(g.enabled())) {
        out.addAll(gateway(t, g, true));
      }
    }
    for (InstallSpec.Gateway g : t.spec().components().egressGateways()) {
      if (Boolean.TRUE.equals(g.enabled())) {
        out.addAll(gateway(t, g, false));
      }
    }
    return out;
  }

  private static List<ManifestItem> gateway(RenderTarget t, InstallSpec.Gateway g, boolean ingress) {
    Component c = ingress ? Component.INGRESS : Component.EGRESS;
    String ns = t.namespace();
    String sa = g.name() + "-service-account";
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put("app", g.name());
    selector.put("istio", ingress ? "ingressgateway" : "egressgateway");
    Map<String, String> labels = RigLabels.revisioned(c.id(), t.revision());
    labels.putAll(selector);
    Map<String, String> podLabels = new LinkedHashMap<>(selector);
    podLabels.put(RigLabels.REV, t.revision());
    podLabels.put("sidecar.istio.io/inject", "false");
    InstallSpec.GatewayK8s k8s = g.k8s();
    // An autoscaler owns the replica count when it has room to scale; a fixed count otherwise.
    boolean autoscaled = k8s.hpaSpec().maxReplicas() > k8s.hpaSpec().minReplicas();
    List<ManifestItem> out = new ArrayList<>();
    out.add(new ManifestItem(c, new ServiceAccountBuilder().withNewMetadata().withName(sa).withNamespace(ns)
        .withLabels(labels).endMetadata().build()));
    out.add(new ManifestItem(c, new RoleBuilder().withNewMetadata().withName(sa).withNamespace(ns).withLabels(labels)
        .endMetadata().withRules(RbacRenderer.rule("", List.of("secrets"), List.of("get", "watch", "list"))).build()));
    out.add(new ManifestItem(c, new RoleBindingBuilder().withNewMetadata().withName(sa).withNamespace(ns)
        .withLabels(labels).endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", sa)
        .addNewSubject().withKind("ServiceAccount").withName(sa).withNamespace(ns).endSubject().build()));
    out.add(new ManifestItem(c, new DeploymentBuilder()
        .withNewMetadata().withName(g.name()).withNamespace(ns).withLabels(labels).endMetadata()
        .withNewSpec().withReplicas(autoscaled ? null : k8s.replicaCount()).withNewSelector().withMatchLabels(selector).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(podLabels)
        .addToAnnotations("prometheus.io/port", "15020").addToAnnotations("prometheus.io/scrape", "true")
        .addToAnnotations("prometheus.io/path", "/stats/prometheus").endMetadata()
        .withSpec(GatewayPodRenderer.render(t, g, ingress)).endTemplate().endSpec().build()));
    out.add(new ManifestItem(c, new ServiceBuilder()
        .withNewMetadata().withName(g.name()).withNamespace(ns).withLabels(labels)
        .withAnnotations(k8s.serviceAnnotations() == null || k8s.serviceAnnotations().isEmpty() ? null
            : k8s.serviceAnnotations()).endMetadata()
        .withSpec(serviceSpec(k8s.service().type(), selector, ingress)).build()));
    if (Boolean.TRUE.equals(t.spec().values().global().defaultPodDisruptionBudget().enabled())) {
      out.add(new ManifestItem(c, new PodDisruptionBudgetBuilder()
          .withNewMetadata().withName(g.name()).withNamespace(ns).withLabels(labels).endMetadata()
          .withNewSpec().withMinAvailable(new IntOrString(1)).withNewSelector().withMatchLabels(selector).endSelector()
          .endSpec().build()));
    }
    if (autoscaled) {
      out.add(new ManifestItem(c, new HorizontalPodAutoscalerBuilder()
          .withNewMetadata().withName(g.name()).withNamespace(ns).withLabels(labels).endMetadata()
          .withNewSpec().withMinReplicas(k8s.hpaSpec().minReplicas()).withMaxReplicas(k8s.hpaSpec().maxReplicas())
          .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(g.name())
          .endScaleTargetRef()
          .addNewMetric().withType("Resource").withNewResource().withName("cpu").withNewTarget()
          .withType("Utilization").withAverageUtilization(80).endTarget().endResource().endMetric()
          .endSpec().build()));
    }
    return out;
  }

  private static io.fabric8.kubernetes.api.model.ServiceSpec serviceSpec(String type, Map<String, String> selector,
      boolean ingress) {
    ServiceSpecBuilder b = new ServiceSpecBuilder().withType(type).withSelector(selector);
    if (ingress) {
      b.addNewPort().withName("status-port").withPort(GatewayPodRenderer.STATUS_PORT)
          .withTargetPort(new IntOrString(GatewayPodRenderer.STATUS_PORT)).withProtocol("TCP").endPort();
    }
    b.addNewPort().withName("http2").withPort(80).withTargetPort(new IntOrString(8080)).withProtocol("TCP").endPort();
    b.addNewPort().withName("https").withPort(443).withTargetPort(new IntOrString(8443)).withProtocol("TCP").endPort();
    return b.build();
  }
}

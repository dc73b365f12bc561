package dev.rigging.lifecycle.render;

import dev.rigging.lifecycle.spec.InstallSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code IstiodRenderer} renders the per-revision control plane: RBAC, ConfigMaps, the
 * istiod-lite Deployment, its Service (Istio's ports; the webhook port is exposed as 443 like
 * istiod so webhook configurations need no port), a PodDisruptionBudget and an autoscaler.
 */
final class IstiodRenderer {
  private IstiodRenderer() {}

  static List<ManifestItem> render(RenderTarget t) {
    RevisionNames n = t.names();
    InstallSpec.Pilot pilot = t.spec().values().pilot();
    var labels = RigLabels.revisioned(Component.PILOT.id(), t.revision());
    labels.put("app", "istiod");
    labels.put("istio", "pilot");
    List<ManifestItem> out = new ArrayList<>(RbacRenderer.render(t));
    out.addAll(MeshConfigRenderer.render(t));
    out.add(new ManifestItem(Component.PILOT, IstiodDeploymentRenderer.render(t)));
    var service = new ServiceBuilder()
        .withNewMetadata().withName(n.istiod()).withNamespace(t.namespace()).withLabels(labels)
        .withAnnotations(pilot.serviceAnnotations().isEmpty() ? null : pilot.serviceAnnotations()).endMetadata()
        .withNewSpec()
        .addNewPort().withName("grpc-xds").withPort(IstiodDeploymentRenderer.XDS).withProtocol("TCP").endPort()
        .addNewPort().withName("grpc-xds-tls").withPort(IstiodDeploymentRenderer.XDS_TLS).withProtocol("TCP").endPort()
        .addNewPort().withName("https-webhook").withPort(443)
        .withTargetPort(new IntOrString(IstiodDeploymentRenderer.WEBHOOK)).withProtocol("TCP").endPort()
        .addNewPort().withName("http-monitoring").withPort(IstiodDeploymentRenderer.MONITORING).withProtocol("TCP")
        .endPort()
        .withSelector(IstiodDeploymentRenderer.selector(t.revision()))
        .endSpec().build();
    out.add(new ManifestItem(Component.PILOT, service));
    if (Boolean.TRUE.equals(t.spec().values().global().defaultPodDisruptionBudget().enabled())) {
      out.add(new ManifestItem(Component.PILOT, new PodDisruptionBudgetBuilder()
          .withNewMetadata().withName(n.istiod()).withNamespace(t.namespace()).withLabels(labels).endMetadata()
          .withNewSpec().withMinAvailable(new IntOrString(1))
          .withNewSelector().withMatchLabels(IstiodDeploymentRenderer.selector(t.revision())).endSelector()
          .endSpec().build()));
    }
    if (Boolean.TRUE.equals(pilot.autoscaleEnabled())) {
      out.add(new ManifestItem(Component.PILOT, new HorizontalPodAutoscalerBuilder()
          .withNewMetadata().withName(n.istiod()).withNamespace(t.namespace()).withLabels(labels).endMetadata()
          .withNewSpec().withMinReplicas(pilot.autoscaleMin()).withMaxReplicas(pilot.autoscaleMax())
          .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(n.istiod())
          .endScaleTargetRef()
          .addNewMetric().withType("Resource").withNewResource().withName("cpu").withNewTarget()
          .withType("Utilization").withAverageUtilization(pilot.cpu().targetAverageUtilization()).endTarget()
          .endResource().endMetric()
          .endSpec().build()));
    }
    return out;
  }
}

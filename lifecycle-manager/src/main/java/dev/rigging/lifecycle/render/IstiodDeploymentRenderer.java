package dev.rigging.lifecycle.render;

import dev.rigging.lifecycle.spec.InstallSpec;
import dev.rigging.lifecycle.spec.LogLevels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code IstiodDeploymentRenderer} renders the istiod-lite Deployment of a revision. istiod-lite is
 * configured through {@code RIGGING_*} environment variables (its {@code rigging.*} properties):
 * Kubernetes mode, Istio's ports, and the mesh settings also written to the mesh ConfigMap. Probes
 * use its monitoring port: readiness {@code /ready} (true once informers synced and the first push
 * is done), liveness {@code /q/health/live}.
 */
final class IstiodDeploymentRenderer {
  static final int XDS = 15010;
  static final int XDS_TLS = 15012;
  static final int MONITORING = 15014;
  static final int WEBHOOK = 15017;

  private IstiodDeploymentRenderer() {}

  static Deployment render(RenderTarget t) {
    RevisionNames n = t.names();
    InstallSpec.Pilot pilot = t.spec().values().pilot();
    Map<String, String> selector = selector(t.revision());
    Map<String, String> podLabels = new LinkedHashMap<>(selector);
    // Istio labels the default revision's pods istio=pilot and the others istio=istiod.
    podLabels.put("istio", n.isDefault() ? "pilot" : "istiod");
    podLabels.put(RigLabels.MANAGED_BY, RigLabels.RIG);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("sidecar.istio.io/inject", "false");
    if (Boolean.TRUE.equals(t.spec().meshConfig().enablePrometheusMerge())) {
      annotations.put("prometheus.io/port", String.valueOf(MONITORING));
      annotations.put("prometheus.io/scrape", "true");
    }
    annotations.putAll(pilot.podAnnotations());
    Map<String, String> labels = RigLabels.revisioned(Component.PILOT.id(), t.revision());
    labels.put("app", "istiod");
    labels.put("istio", "pilot");
    String priorityClass = t.spec().values().global().priorityClassName();
    return new DeploymentBuilder()
        .withNewMetadata().withName(n.istiod()).withNamespace(t.namespace()).withLabels(labels).endMetadata()
        .withNewSpec()
        // With an HPA the replica count belongs to the autoscaler; setting it here would make every
        // apply fight the HPA (Istio's chart omits it for the same reason).
        .withReplicas(Boolean.TRUE.equals(pilot.autoscaleEnabled()) ? null : pilot.replicaCount())
        .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
        .withMaxSurge(new IntOrString(pilot.rollingMaxSurge()))
        .withMaxUnavailable(new IntOrString(pilot.rollingMaxUnavailable())).endRollingUpdate().endStrategy()
        .withNewSelector().withMatchLabels(selector).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(podLabels).withAnnotations(annotations).endMetadata()
        .withNewSpec()
        .withServiceAccountName(n.istiod())
        .withPriorityClassName(priorityClass == null || priorityClass.isEmpty() ? null : priorityClass)
        .withNodeSelector(pilot.nodeSelector().isEmpty() ? null : pilot.nodeSelector())
        .withNewSecurityContext().withFsGroup(1337L).endSecurityContext()
        .withContainers(container(t))
        .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewVolume().withName("cacerts").withNewSecret().withSecretName("cacerts").withOptional(true).endSecret()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static Map<String, String> selector(String revision) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("app", "istiod");
    s.put(RigLabels.REV, revision);
    return s;
  }

  private static Container container(RenderTarget t) {
    return new ContainerBuilder()
        .withName("discovery")
        .withImage(t.images().istiod())
        .withImagePullPolicy(t.spec().values().global().imagePullPolicy())
        .withEnv(env(t))
        .addNewPort().withName("grpc-xds").withContainerPort(XDS).withProtocol("TCP").endPort()
        .addNewPort().withName("grpc-xds-tls").withContainerPort(XDS_TLS).withProtocol("TCP").endPort()
        .addNewPort().withName("http-monitoring").withContainerPort(MONITORING).withProtocol("TCP").endPort()
        .addNewPort().withName("https-webhook").withContainerPort(WEBHOOK).withProtocol("TCP").endPort()
        .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withPort(new IntOrString(MONITORING)).endHttpGet()
        .withInitialDelaySeconds(1).withPeriodSeconds(3).withTimeoutSeconds(5).endReadinessProbe()
        .withNewLivenessProbe().withNewHttpGet().withPath("/q/health/live").withPort(new IntOrString(MONITORING))
        .endHttpGet().withInitialDelaySeconds(10).withPeriodSeconds(10).withFailureThreshold(3).endLivenessProbe()
        .withResources(resources(t.spec().values().pilot().resources()))
        .withNewSecurityContext().withRunAsUser(1337L).withRunAsGroup(1337L).withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
        .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
        // The root file system is read-only; the JVM and Quarkus need a writable /tmp.
        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
        .addNewVolumeMount().withName("cacerts").withMountPath("/etc/cacerts").withReadOnly(true).endVolumeMount()
        .build();
  }

  private static List<EnvVar> env(RenderTarget t) {
    InstallSpec.MeshConfig mc = t.spec().meshConfig();
    List<EnvVar> env = new ArrayList<>();
    env.add(value("RIGGING_CONFIG_MODE", "kubernetes"));
    env.add(value("RIGGING_XDS_PORT", String.valueOf(XDS)));
    env.add(value("RIGGING_MONITORING_PORT", String.valueOf(MONITORING)));
    env.add(value("RIGGING_MESH_ROOT_NAMESPACE", t.namespace()));
    env.add(value("RIGGING_MESH_TRUST_DOMAIN", mc.trustDomain()));
    env.add(value("RIGGING_MESH_OUTBOUND_TRAFFIC_POLICY", mc.outboundTrafficPolicy().mode()));
    env.add(value("QUARKUS_LOG_LEVEL", LogLevels.quarkusLevel(t.spec().values().global().logging().level())));
    env.add(value("REVISION", t.revision()));
    env.add(field("POD_NAME", "metadata.name"));
    env.add(field("POD_NAMESPACE", "metadata.namespace"));
    t.spec().values().pilot().env().forEach((k, v) -> env.add(value(k, v)));
    return env;
  }

  static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  static EnvVar field(String name, String path) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withApiVersion("v1")
        .withFieldPath(path).endFieldRef().endValueFrom().build();
  }

  static ResourceRequirements resources(InstallSpec.Resources r) {
    ResourceRequirementsBuilder b = new ResourceRequirementsBuilder();
    if (r != null && r.requests() != null && !r.requests().isEmpty()) {
      r.requests().forEach((k, v) -> b.addToRequests(k, new Quantity(v)));
    }
    if (r != null && r.limits() != null && !r.limits().isEmpty()) {
      r.limits().forEach((k, v) -> b.addToLimits(k, new Quantity(v)));
    }
    return b.build();
  }
}

package dev.rigging.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rigging.lifecycle.render.ManifestYaml;
import dev.rigging.lifecycle.testing.RigTest;
import dev.rigging.mesh.crd.Crds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusMainTest
class PrecheckCommandTest extends RigTest {

  @Test
  void aCleanClusterIsSafe(QuarkusMainLauncher launcher) {
    LaunchResult r = rig(launcher, "precheck");
    assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
    assertThat(r.getErrorOutput()).contains("✔ No issues found when checking the cluster. Rigging 1.1.0 is safe to install or upgrade!");
  }

  @Test
  void upstreamIstioIsDetectedAndItsObjectsAreNotTakenOver(QuarkusMainLauncher launcher) {
    cluster.client().apps().deployments().inNamespace("istio-system").resource(new DeploymentBuilder()
        .withNewMetadata().withName("istiod").withNamespace("istio-system").addToLabels("app", "istiod").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "istiod").endSelector().withNewTemplate()
        .withNewMetadata().addToLabels("app", "istiod").endMetadata().withNewSpec().addNewContainer().withName("discovery")
        .withImage("docker.io/istio/pilot:1.27.1").endContainer().endSpec().endTemplate().endSpec().build()).create();
    LaunchResult r = rig(launcher, "precheck");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.getOutput()).contains(
        "Error [RIG0004] (Deployment istio-system/istiod) exists and is not managed by rig; remove it, install under another"
            + " revision (-r), or pass --force",
        "Warning [RIG0003] (Deployment istio-system/istiod) an upstream Istio control plane is installed (image"
            + " docker.io/istio/pilot:1.27.1, revision default)");
    LaunchResult install = change(launcher, "install");
    assertThat(install.exitCode()).isEqualTo(1);
    assertThat(cluster.client().apps().deployments().inNamespace("istio-system").withName("istiod").get()
        .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("docker.io/istio/pilot:1.27.1");
    LaunchResult canary = rig(launcher, "precheck", "-r", "rig-1-1");
    assertThat(canary.exitCode()).as("a rig revision beside upstream Istio is allowed, with a warning").isZero();
    assertThat(canary.getOutput()).contains("Warning [RIG0003]");
  }

  @Test
  void crdsWhoseStoredVersionsWouldStopBeingServedAreIncompatible(QuarkusMainLauncher launcher) throws Exception {
    kubelet.close();
    CustomResourceDefinition crd = ManifestYaml.read(Crds.yaml(dev.rigging.mesh.config.Kind.VIRTUAL_SERVICE),
        CustomResourceDefinition.class);
    crd.getMetadata().setLabels(java.util.Map.of("app.kubernetes.io/managed-by", "rig"));
    cluster.client().resource(crd).create();
    crd = cluster.client().resource(crd).get();
    crd.setStatus(new CustomResourceDefinitionStatusBuilder().withStoredVersions("v1", "v1alpha2").build());
    cluster.client().resource(crd).updateStatus();
    LaunchResult r = rig(launcher, "precheck", "-o", "json");
    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode findings = new ObjectMapper().readTree(r.getOutput());
    assertThat(findings).anySatisfy(f -> {
      assertThat(f.get("code").asText()).isEqualTo("RIG0005");
      assertThat(f.get("level").asText()).isEqualTo("Error");
      assertThat(f.get("origin").asText()).isEqualTo("CustomResourceDefinition virtualservices.networking.istio.io");
      assertThat(f.get("message").asText()).startsWith("objects are stored as v1alpha2 but the new CRD serves only v1, v1alpha3, v1beta1");
    });
  }

  @Test
  void aWebhookWhoseServiceWasDeletedOutsideRigFailsThePrecheckUntilReinstalled(QuarkusMainLauncher launcher) {
    assertThat(change(launcher, "install", "--set", "profile=minimal").exitCode()).isZero();
    cluster.client().services().inNamespace("istio-system").withName("istiod").delete();
    LaunchResult other = rig(launcher, "precheck", "-r", "canary", "--set", "profile=minimal");
    assertThat(other.exitCode()).isEqualTo(1);
    assertThat(other.getOutput()).contains("Error [IST0139] MutatingWebhookConfiguration istio-sidecar-injector"
        + " (rev.namespace.sidecar-injector.istio.io) calls Service istio-system/istiod, which does not exist;"
        + " it was deleted outside rig: re-run rig install for that revision");
    LaunchResult sameRevision = rig(launcher, "precheck", "--set", "profile=minimal");
    assertThat(sameRevision.exitCode()).as("installing revision default recreates the Service").isZero();
    LaunchResult repair = change(launcher, "install", "--set", "profile=minimal");
    assertThat(repair.exitCode()).as(repair.getErrorOutput()).isZero();
    assertThat(repair.getErrorOutput()).contains("✔ Istiod installed");
    assertThat(cluster.client().services().inNamespace("istio-system").withName("istiod").get()).isNotNull();
    dev.rigging.lifecycle.testing.MeshAssertions.assertNoDanglingWebhooks(cluster, "repair");
  }

  @Test
  void missingPermissionsAreReportedFromAccessReviews(QuarkusMainLauncher launcher) {
    cluster.api().deny("create", "clusterroles");
    cluster.api().deny("patch", "mutatingwebhookconfigurations");
    LaunchResult r = rig(launcher, "precheck");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.getOutput().lines().filter(l -> l.startsWith("Error [IST0141]")).toList()).isEqualTo(List.of(
        "Error [IST0141] (Cluster east) missing permission to create rbac.authorization.k8s.io/clusterroles"
            + " (denied by the test's authorizer stand-in)",
        "Error [IST0141] (Cluster east) missing permission to patch admissionregistration.k8s.io/mutatingwebhookconfigurations"
            + " (denied by the test's authorizer stand-in)"));
  }

  @Test
  void gkeGetsTheFirewallNote(QuarkusMainLauncher launcher) {
    cluster.client().nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata()
        .withName("gke-pool-1").addToLabels("cloud.google.com/gke-nodepool", "default-pool").endMetadata()
        .withNewSpec().withProviderID("gce://project/zone/gke-pool-1").endSpec().build()).create();
    LaunchResult r = rig(launcher, "precheck");
    assertThat(r.exitCode()).isZero();
    assertThat(r.getOutput()).contains("Info [RIG0008] (Cluster east) on a private GKE cluster", "--allow tcp:15017");
  }
}

package dev.rigging.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rigging.lifecycle.testing.RigTest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusMainTest
class AnalyzeCommandTest extends RigTest {
  private static final String FIXTURES = "src/test/resources/analyze/";

  @Test
  void cleanFilesHaveNoFindings(QuarkusMainLauncher launcher) {
    LaunchResult r = launcher.launch("analyze", "--use-kube=false", FIXTURES + "clean.yaml");
    assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
    assertThat(r.getOutput()).isEmpty();
    assertThat(r.getErrorOutput()).contains("✔ No validation issues found when analyzing all namespaces.");
  }

  @Test
  void filesFindingsUseIstioCodesAndExit79(QuarkusMainLauncher launcher) throws Exception {
    LaunchResult r = launcher.launch("analyze", "--use-kube=false", FIXTURES + "broken");
    assertThat(r.exitCode()).isEqualTo(79);
    assertThat(r.getOutput().lines().toList()).contains(
        "Error [IST0101] (VirtualService shop/reviews) Referenced gateway not found: \"shop-gw\"",
        "Error [IST0101] (VirtualService shop/reviews) Referenced host+subset in destinationrule not found: \"reviews+v3\"",
        "Error [IST0106] (VirtualService shop/reviews-canary " + FIXTURES + "broken/routes.yaml, document 2)"
            + " Schema validation error: spec.http[0].route[0].weight: weight -10 is negative; must be 0 or more"
            + " (weights are relative shares)");
    assertThat(r.getOutput()).contains("Error [IST0109] (VirtualService shop/reviews) The VirtualServices"
        + " shop/reviews,shop/reviews-copy associated with mesh gateway define the same host reviews.shop.svc.cluster.local");
    assertThat(r.getOutput()).contains("Info [RIG0001] (Deployment shop/reviews " + FIXTURES + "broken/routes.yaml, document 4) not analyzed:"
        + " unsupported kind Deployment in apiVersion apps/v1");

    LaunchResult json = launcher.launch("analyze", "--use-kube=false", "-o", "json", "--output-threshold", "Error",
        FIXTURES + "broken");
    JsonNode arr = new ObjectMapper().readTree(json.getOutput());
    List<String> codes = new ArrayList<>();
    arr.forEach(m -> codes.add(m.get("code").asText()));
    assertThat(codes).containsOnly("IST0101", "IST0106", "IST0109").doesNotContain("RIG0001");

    LaunchResult warnOnly = launcher.launch("analyze", "--use-kube=false", "--failure-threshold", "Error",
        "--output-threshold", "Info", FIXTURES + "clean.yaml");
    assertThat(warnOnly.exitCode()).isZero();
    assertThat(launcher.launch("analyze", "--use-kube=false").exitCode()).isEqualTo(64);
    assertThat(launcher.launch("analyze", "--use-kube=false", FIXTURES + "missing.yaml").exitCode()).isEqualTo(65);
  }

  @Test
  void clusterFindingsCoverInjectionHostsAndWebhooks(QuarkusMainLauncher launcher) {
    assertThat(change(launcher, "install", "--set", "profile=minimal").exitCode()).isZero();
    namespace("typo", Map.of("istio.io/rev", "prod-stabel"));
    namespace("both", Map.of("istio.io/rev", "default", "istio-injection", "enabled"));
    namespace("plain", Map.of());
    namespace("shop", Map.of("istio.io/rev", "default"));
    pod("plain", "legacy", false);
    pod("shop", "reviews-v1", true);
    pod("shop", "reviews-v2", false);
    cluster.client().genericKubernetesResources("networking.istio.io/v1", "VirtualService").inNamespace("shop")
        .resource(new GenericKubernetesResource() {{
          setApiVersion("networking.istio.io/v1");
          setKind("VirtualService");
          setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("ratings").withNamespace("shop").build());
          setAdditionalProperties(Map.of("spec", Map.of("hosts", List.of("ratings"),
              "http", List.of(Map.of("route", List.of(Map.of("destination", Map.of("host", "ratings"))))))));
        }}).create();
    cluster.client().admissionRegistration().v1().mutatingWebhookConfigurations().resource(
        new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("istio-sidecar-injector-1-20")
            .addToLabels("istio.io/rev", "1-20").endMetadata()
            .addNewWebhook().withName("sidecar-injector.istio.io").withNewClientConfig().withNewService()
            .withName("istiod-1-20").withNamespace("istio-system").endService().endClientConfig()
            .withSideEffects("None").withAdmissionReviewVersions("v1").endWebhook().build()).create();

    LaunchResult r = rig(launcher, "analyze");
    assertThat(r.exitCode()).isEqualTo(79);
    assertThat(r.getOutput().lines().toList()).contains(
        "Error [IST0101] (VirtualService shop/ratings) Referenced host not found: \"ratings\"",
        "Error [IST0139] MutatingWebhookConfiguration istio-sidecar-injector-1-20 (sidecar-injector.istio.io) calls"
            + " Service istio-system/istiod-1-20, which does not exist",
        "Error [RIG0002] (Namespace typo) istio.io/rev=prod-stabel names no installed revision or tag (revisions:"
            + " default; tags: default); its pods get no proxy",
        "Warning [IST0103] (Pod shop/reviews-v2) The pod reviews-v2 is missing the Istio proxy. This can often be"
            + " resolved by restarting or redeploying the workload.",
        "Warning [IST0123] (Namespace both) The namespace has more than one type of injection labels"
            + " [istio-injection istio.io/rev], which may lead to undefined behavior. Make sure only one injection label"
            + " exists.");
    assertThat(r.getOutput()).contains("Info [IST0102] (Namespace plain) The namespace is not enabled for Istio injection.")
        .doesNotContain("reviews-v1");

    LaunchResult onlyShop = rig(launcher, "analyze", "-n", "shop", "--output-threshold", "Warning");
    assertThat(onlyShop.getOutput()).doesNotContain("Namespace typo").contains("Pod shop/reviews-v2");
  }

  private void namespace(String name, Map<String, String> labels) {
    cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
        .endMetadata().build()).create();
  }

  private void pod(String ns, String name, boolean withProxy) {
    var b = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata().withNewSpec()
        .addNewContainer().withName("app").withImage("example/app:1").endContainer();
    if (withProxy) {
      b.addNewContainer().withName("istio-proxy").withImage("docker.io/istio/proxyv2:1.28.1").endContainer();
    }
    cluster.client().pods().inNamespace(ns).resource(b.endSpec().build()).create();
  }
}

package dev.rigging.lifecycle.cli;

import static dev.rigging.lifecycle.testing.MeshAssertions.rigWrites;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rigging.lifecycle.render.ManifestYaml;
import dev.rigging.lifecycle.testing.RigTest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code manifest generate} prints exactly what {@code install} applies. */
@QuarkusMainTest
class ManifestGenerateTest extends RigTest {

  private static JsonNode comparable(Object o) {
    ObjectNode n = (ObjectNode) ManifestYaml.tree(o);
    ObjectNode meta = (ObjectNode) n.get("metadata");
    for (String serverField : List.of("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields")) {
      meta.remove(serverField);
    }
    n.remove("status");
    return n;
  }

  @Test
  void generateMatchesWhatInstallApplies(QuarkusMainLauncher launcher) {
    String[] spec = {"-r", "canary", "--version", "1.0.0", "--set", "components.egressGateways[0].enabled=true",
        "--set", "cloud=aks"};
    LaunchResult generated = launcher.launch(concat(new String[] {"manifest", "generate"}, spec));
    assertThat(generated.exitCode()).as(generated.getErrorOutput()).isZero();
    List<HasMetadata> objects = cluster.client().load(new ByteArrayInputStream(
        generated.getOutput().getBytes(StandardCharsets.UTF_8))).items();
    // One CRD per Istio kind, the namespace, 12 control-plane objects, 7 webhook objects, 7 per gateway.
    assertThat(objects).hasSize(dev.rigging.mesh.config.Kind.values().length + 34);

    LaunchResult installed = change(launcher, concat(new String[] {"install"}, spec));
    assertThat(installed.exitCode()).as(installed.getErrorOutput()).isZero();
    for (HasMetadata o : objects) {
      HasMetadata live = cluster.client().resource(o).get();
      assertThat(live).as("%s/%s is in the cluster", o.getKind(), o.getMetadata().getName()).isNotNull();
      assertThat(comparable(live)).as("%s/%s as applied", o.getKind(), o.getMetadata().getName())
          .isEqualTo(comparable(o));
    }
    Set<String> generatedNames = objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName())
        .collect(Collectors.toSet());
    List<GenericKubernetesResource> webhooks = cluster.client().genericKubernetesResources(
        "admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration").list().getItems();
    assertThat(webhooks).allSatisfy(w -> assertThat(generatedNames).contains("MutatingWebhookConfiguration/"
        + w.getMetadata().getName()));
    assertThat(cluster.client().apps().deployments().inAnyNamespace().list().getItems())
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder("istiod-canary", "istio-ingressgateway", "istio-egressgateway");
  }

  @Test
  void generateIsOfflineAndSaysHowCloudWasResolved(QuarkusMainLauncher launcher) {
    LaunchResult r = launcher.launch("manifest", "generate", "--set", "profile=minimal");
    assertThat(r.exitCode()).isZero();
    assertThat(r.getErrorOutput()).contains("cloud: auto resolved to none offline");
    List<HasMetadata> objects = cluster.client().load(new ByteArrayInputStream(
        r.getOutput().getBytes(StandardCharsets.UTF_8))).items();
    assertThat(objects).filteredOn(o -> o.getKind().equals("Deployment")).extracting(o -> o.getMetadata().getName())
        .containsExactly("istiod");
    assertThat(rigWrites(cluster)).as("offline").isEmpty();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

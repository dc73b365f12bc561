package dev.rigging.lifecycle.cli;

import static dev.rigging.lifecycle.testing.MeshAssertions.assertNoDanglingWebhooks;
import static dev.rigging.lifecycle.testing.MeshAssertions.rigWrites;
import static dev.rigging.lifecycle.testing.MeshAssertions.webhookNames;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.lifecycle.testing.Kubeconfig;
import dev.rigging.lifecycle.testing.KubeletStandIn;
import dev.rigging.lifecycle.testing.MockCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusMainTest
class InstallCommandTest {
  @TempDir Path dir;
  MockCluster cluster;
  KubeletStandIn kubelet;
  Path kubeconfig;
  Path audit;

  @BeforeEach
  void start() throws Exception {
    cluster = new MockCluster("east", "31");
    kubelet = new KubeletStandIn(cluster);
    kubeconfig = Kubeconfig.write(dir.resolve("kubeconfig"), cluster);
    audit = dir.resolve("audit.log");
  }

  @AfterEach
  void stop() {
    kubelet.close();
    cluster.close();
  }

  private LaunchResult rig(QuarkusMainLauncher launcher, String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "-c";
    all[args.length + 1] = kubeconfig.toString();
    return launcher.launch(all);
  }

  @Test
  void installsAppliesServerSideAndIsIdempotent(QuarkusMainLauncher launcher) throws Exception {
    LaunchResult r = rig(launcher, "install", "-y", "--audit-log", audit.toString());
    assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
    assertThat(r.getErrorStream()).containsSubsequence(
        "✔ Istio core installed", "✔ Istiod installed", "✔ Webhooks installed", "✔ Ingress gateways installed",
        "✔ Installation complete: Rigging 1.1.0 (std, profile default, revision default, cloud none)");
    assertThat(r.getOutput()).as("stdout carries data only").isEmpty();
    Deployment istiod = cluster.client().apps().deployments().inNamespace("istio-system").withName("istiod").get();
    assertThat(istiod.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/rigging-mesh/istiod-lite:1.1.0");
    assertThat(cluster.client().apiextensions().v1().customResourceDefinitions().list().getItems())
        .hasSize(dev.rigging.mesh.config.Kind.values().length);
    assertThat(webhookNames(cluster)).containsExactly(
        "MutatingWebhookConfiguration/istio-sidecar-injector",
        "ValidatingWebhookConfiguration/istio-validator-istio-system",
        "ValidatingWebhookConfiguration/istiod-default-validator");
    assertNoDanglingWebhooks(cluster, "install");
    assertThat(cluster.api().applies()).isNotEmpty().allSatisfy(a -> {
      assertThat(a.fieldManager()).isEqualTo("rig");
      assertThat(a.force()).isTrue();
    });
    assertThat(Files.readAllLines(audit)).singleElement().satisfies(line -> assertThat(line)
        .contains("\"action\":\"install\"", "\"context\":\"east\"", "\"kubeUser\":\"admin-east\"", "\"result\":\"success\""));

    int writes = rigWrites(cluster).size();
    LaunchResult again = rig(launcher, "install", "-y", "--audit-log", audit.toString());
    assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
    assertThat(again.getErrorStream()).containsSubsequence("✔ Istio core unchanged", "✔ Istiod unchanged",
        "✔ Webhooks unchanged", "✔ Ingress gateways unchanged",
        "✔ Installation complete: no changes, the cluster already matches Rigging 1.1.0 (std, profile default, revision"
            + " default, cloud none)");
    assertThat(rigWrites(cluster)).as("a second identical install writes nothing").hasSize(writes);
  }
}

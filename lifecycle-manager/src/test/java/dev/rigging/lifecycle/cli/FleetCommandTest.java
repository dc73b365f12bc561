package dev.rigging.lifecycle.cli;

import static dev.rigging.lifecycle.testing.MeshAssertions.assertNoDanglingWebhooks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.lifecycle.testing.Kubeconfig;
import dev.rigging.lifecycle.testing.KubeletStandIn;
import dev.rigging.lifecycle.testing.MockCluster;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fleet rollouts against four mock API servers at once, each with its own kubelet stand-in. */
@QuarkusMainTest
class FleetCommandTest {
  @TempDir Path dir;
  final Map<String, MockCluster> clusters = new LinkedHashMap<>();
  final Map<String, KubeletStandIn> kubelets = new LinkedHashMap<>();
  Path kubeconfig;
  Path fleet;
  Path audit;

  @BeforeEach
  void start() throws Exception {
    for (String name : List.of("eks-eu", "aks-us", "gke-ap", "eks-us")) {
      MockCluster c = new MockCluster(name, "31");
      clusters.put(name, c);
      kubelets.put(name, new KubeletStandIn(c));
    }
    kubeconfig = Kubeconfig.write(dir.resolve("kubeconfig"), clusters.values().toArray(MockCluster[]::new));
    audit = dir.resolve("audit.log");
    fleet = Files.writeString(dir.resolve("fleet.yaml"), """
        apiVersion: rigging.dev/v1alpha1
        kind: Fleet
        metadata: {name: prod}
        spec:
          kubeconfig: kubeconfig
          clusters:
            - {name: eu-canary, context: eks-eu, cloud: eks, region: eu-west-1, wave: 1}
            - {name: us-east, context: aks-us, cloud: aks, region: eastus, wave: 2}
            - {name: ap-south, context: gke-ap, cloud: gke, region: asia-south1, wave: 2}
            - {name: us-west, context: eks-us, cloud: eks, region: us-west-2, wave: 3}
        """);
  }

  @AfterEach
  void stop() {
    kubelets.values().forEach(KubeletStandIn::close);
    clusters.values().forEach(MockCluster::close);
  }

  private void installEverywhere(QuarkusMainLauncher launcher) {
    for (String context : clusters.keySet()) {
      LaunchResult r = launcher.launch("install", "--version", "1.0.0", "--set", "profile=minimal", "-y",
          "-c", kubeconfig.toString(), "--context", context, "--audit-log", audit.toString());
      assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
    }
  }

  private String version(String context) {
    return clusters.get(context).client().configMaps().inNamespace("istio-system").withName("rig-installed-state-default")
        .get().getData().get("version");
  }

  private LaunchResult upgrade(QuarkusMainLauncher launcher) {
    return launcher.launch("fleet", "upgrade", "--fleet", fleet.toString(), "--to", "1.1.0", "--settle", "100ms",
        "--readiness-timeout", "3s", "-y", "--audit-log", audit.toString());
  }

  @Test
  void wavesRollOutInOrder(QuarkusMainLauncher launcher) throws Exception {
    installEverywhere(launcher);
    LaunchResult r = upgrade(launcher);
    assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
    assertThat(r.getErrorStream()).containsSubsequence(
        "- Wave 1: upgrading eu-canary to 1.1.0.", "✔ eu-canary: revision default upgraded from 1.0.0 to 1.1.0",
        "✔ Wave 1 healthy: eu-canary",
        "- Wave 2: upgrading us-east, ap-south to 1.1.0.", "✔ Wave 2 healthy: us-east, ap-south",
        "- Wave 3: upgrading us-west to 1.1.0.", "✔ Wave 3 healthy: us-west", "✔ Fleet prod upgraded to 1.1.0");
    clusters.keySet().forEach(c -> assertThat(version(c)).as(c).isEqualTo("1.1.0"));
    clusters.values().forEach(c -> assertNoDanglingWebhooks(c, "fleet upgrade of " + c.name()));
    assertThat(Files.readAllLines(audit).stream().filter(l -> l.contains("\"action\":\"fleet upgrade\""))
        .map(l -> l.replaceAll(".*\"context\":\"([^\"]+)\".*\"wave\":\"(\\d)\".*\"result\":\"(\\w+)\".*", "$1 $2 $3")))
        .containsExactly("eks-eu 1 success", "aks-us 2 success", "gke-ap 2 success", "eks-us 3 success");

    LaunchResult again = upgrade(launcher);
    assertThat(again.exitCode()).isZero();
    assertThat(again.getOutput()).contains("already at 1.1.0");
  }

  @Test
  void aFailingWaveIsRolledBackAndStopsTheRollout(QuarkusMainLauncher launcher) throws Exception {
    installEverywhere(launcher);
    kubelets.get("gke-ap").neverReady(KubeletStandIn.image("istiod-lite:1.1.0"));
    LaunchResult r = upgrade(launcher);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.getErrorOutput()).contains("✔ Wave 1 healthy: eu-canary",
        "✘ Wave 2 failed: ap-south: upgrade of revision default to 1.1.0 failed: not ready after 3s",
        "Error: fleet prod: upgrade to 1.1.0 stopped in wave 2");
    assertThat(r.getOutput()).contains("us-east     2      rolled back   restored 1.0.0")
        .contains("us-west     3      not started   rollout stopped in wave 2");
    assertThat(version("eks-eu")).as("the healthy wave before keeps the new version").isEqualTo("1.1.0");
    assertThat(version("aks-us")).as("rolled back with its wave").isEqualTo("1.0.0");
    assertThat(version("gke-ap")).as("rolled back itself").isEqualTo("1.0.0");
    assertThat(version("eks-us")).as("never touched").isEqualTo("1.0.0");
    assertThat(clusters.get("eks-us").client().apps().deployments().inNamespace("istio-system").withName("istiod").get()
        .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).endsWith(":1.0.0");
    clusters.values().forEach(c -> assertNoDanglingWebhooks(c, "failed fleet upgrade, " + c.name()));
    assertThat(Files.readAllLines(audit)).anySatisfy(l -> assertThat(l).contains("\"context\":\"aks-us\"",
        "\"action\":\"rollback\"", "\"result\":\"success\""));

    LaunchResult status = launcher.launch("fleet", "status", "--fleet", fleet.toString());
    assertThat(status.exitCode()).isZero();
    assertThat(status.getOutput().lines().toList()).containsExactly(
        "CLUSTER     CONTEXT   CLOUD   REGION        WAVE   K8S    REVISIONS   VERSION   READY",
        "eu-canary   eks-eu    eks     eu-west-1     1      1.31   default     1.1.0     ready",
        "us-east     aks-us    aks     eastus        2      1.31   default     1.0.0     ready",
        "ap-south    gke-ap    gke     asia-south1   2      1.31   default     1.0.0     ready",
        "us-west     eks-us    eks     us-west-2     3      1.31   default     1.0.0     ready");
  }

  @Test
  void statusNamesUnreachableClustersAndBadFleetFilesAreInputErrors(QuarkusMainLauncher launcher) throws Exception {
    Path withDown = Files.writeString(dir.resolve("down.yaml"), """
        apiVersion: rigging.dev/v1alpha1
        kind: Fleet
        spec:
          kubeconfig: kubeconfig
          clusters:
            - {name: eu-canary, context: eks-eu, cloud: eks, wave: 1}
            - {name: lost, context: unreachable, cloud: none, wave: 2}
        """);
    LaunchResult r = launcher.launch("fleet", "status", "--fleet", withDown.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.getOutput().lines().toList()).contains(
        "lost        unreachable   none             2      -      -           -         unreachable");
    assertThat(r.getErrorOutput()).contains("lost: cannot reach the Kubernetes API server http://127.0.0.1:1/");

    Path bad = Files.writeString(dir.resolve("bad.yaml"), """
        apiVersion: rigging.dev/v1alpha1
        kind: Fleet
        spec:
          clusters:
            - {name: a, context: eks-eu, cloud: openstack}
        """);
    LaunchResult badCloud = launcher.launch("fleet", "status", "--fleet", bad.toString());
    assertThat(badCloud.exitCode()).isEqualTo(65);
    assertThat(badCloud.getErrorOutput()).contains("spec.clusters[0] (a).cloud: \"openstack\"; valid: none, eks, aks, gke");
    LaunchResult unknownVersion = launcher.launch("fleet", "upgrade", "--fleet", fleet.toString(), "--to", "2.0.0", "-y",
        "--audit-log", audit.toString());
    assertThat(unknownVersion.exitCode()).isEqualTo(64);
  }
}

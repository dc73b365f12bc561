package dev.rigging.lifecycle.cli;

import static dev.rigging.lifecycle.testing.MeshAssertions.assertNoDanglingWebhooks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.lifecycle.testing.KubeletStandIn;
import dev.rigging.lifecycle.testing.RigTest;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

@QuarkusMainTest
class UpgradeCommandTest extends RigTest {

  private String istiodImage() {
    return cluster.client().apps().deployments().inNamespace("istio-system").withName("istiod").get()
        .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private String recordedVersion() {
    return cluster.client().configMaps().inNamespace("istio-system").withName("rig-installed-state-default").get()
        .getData().get("version");
  }

  @Test
  void upgradesInPlaceKeepingTheInstalledSettings(QuarkusMainLauncher launcher) {
    assertThat(change(launcher, "install", "--version", "1.0.0", "--set", "values.pilot.autoscaleEnabled=false",
        "--set", "values.pilot.replicaCount=2").exitCode()).isZero();
    LaunchResult r = change(launcher, "upgrade", "--version", "1.1.0");
    assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
    assertThat(r.getErrorOutput()).contains("✔ Istiod installed", "✔ Upgrade complete: revision default from 1.0.0 to 1.1.0");
    assertThat(istiodImage()).isEqualTo("ghcr.io/rigging-mesh/istiod-lite:1.1.0");
    assertThat(cluster.client().apps().deployments().inNamespace("istio-system").withName("istiod").get()
        .getSpec().getReplicas()).as("settings carry over").isEqualTo(2);
    assertThat(recordedVersion()).isEqualTo("1.1.0");
    assertNoDanglingWebhooks(cluster, "upgrade");

    LaunchResult down = change(launcher, "upgrade", "--version", "1.0.0");
    assertThat(down.exitCode()).isEqualTo(64);
    assertThat(down.getErrorOutput()).contains("revision default runs 1.1.0; 1.0.0 is older");
  }

  @Test
  void anUpgradeThatNeverBecomesReadyIsRolledBack(QuarkusMainLauncher launcher) throws Exception {
    assertThat(change(launcher, "install", "--version", "1.0.0", "--set", "profile=minimal").exitCode()).isZero();
    kubelet.neverReady(KubeletStandIn.image("istiod-lite:1.1.0"));
    LaunchResult r = change(launcher, "upgrade", "--version", "1.1.0", "--readiness-timeout", "2s");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.getErrorOutput()).contains(
        "✘ Istiod encountered an error: not ready after 2s: Deployment istio-system/istiod (0/1 ready)",
        "✔ Rolled back revision default to 1.0.0",
        "Error: upgrade of revision default to 1.1.0 failed: not ready after 2s",
        "revision default was restored to 1.0.0");
    assertThat(istiodImage()).isEqualTo("ghcr.io/rigging-mesh/istiod-lite:1.0.0");
    assertThat(recordedVersion()).isEqualTo("1.0.0");
    assertNoDanglingWebhooks(cluster, "rolled back upgrade");
    assertThat(Files.readAllLines(audit)).hasSize(3).satisfies(lines -> {
      assertThat(lines.get(1)).contains("\"action\":\"rollback\"", "\"result\":\"success\"", "\"from\":\"1.0.0\"");
      assertThat(lines.get(2)).contains("\"action\":\"upgrade\"", "\"result\":\"failure\"");
    });
    LaunchResult version = rig(launcher, "version");
    assertThat(version.getOutput()).contains("default    1.0.0").contains("ready");
  }

  @Test
  void aFailingPrecheckStopsTheUpgradeBeforeAnythingIsWritten(QuarkusMainLauncher launcher) {
    assertThat(change(launcher, "install", "--version", "1.0.0", "--set", "profile=minimal").exitCode()).isZero();
    cluster.setKubernetesVersion("29");
    int writes = dev.rigging.lifecycle.testing.MeshAssertions.rigWrites(cluster).size();
    LaunchResult r = change(launcher, "upgrade", "--version", "1.1.0");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.getErrorOutput()).contains("Error [IST0142] (Cluster) Kubernetes 1.29 is not supported by Rigging 1.1.0,"
        + " which supports Kubernetes 1.30 to 1.34", "Error: precheck failed (see the errors above); nothing was applied");
    assertThat(dev.rigging.lifecycle.testing.MeshAssertions.rigWrites(cluster)).hasSize(writes);
  }
}

package dev.rigging.lifecycle.cli;

import static dev.rigging.lifecycle.testing.MeshAssertions.rigWrites;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.lifecycle.testing.RigTest;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Bad input: a message naming what is wrong and what is valid, the right exit code, and nothing written. */
@QuarkusMainTest
class BadInputTest extends RigTest {

  private void refused(LaunchResult r, int exitCode, String... messages) {
    assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(exitCode);
    assertThat(r.getErrorOutput()).contains(messages);
    assertThat(rigWrites(cluster)).as("nothing is written").isEmpty();
    assertThat(cluster.client().apps().deployments().inAnyNamespace().list().getItems()).isEmpty();
  }

  @Test
  void unknownVersionProfileAndSetPathAreUsageErrors(QuarkusMainLauncher launcher) {
    refused(change(launcher, "install", "--version", "9.9.9"), 64,
        "Error: unknown version 9.9.9 (catalog built-in versions.yaml); known versions: 1.1.0, 1.0.1, 1.0.0");
    refused(change(launcher, "install", "--set", "values.pilot.replicas=3"), 64,
        "--set values.pilot.replicas: unknown field values.pilot.replicas; valid under values.pilot: autoscaleEnabled");
    refused(change(launcher, "install", "--set", "profile=tiny"), 64,
        "unknown profile \"tiny\"; valid: default, minimal, demo, fips");
    refused(change(launcher, "install", "--readiness-timeout", "soon"), 64,
        "\"soon\" is not a duration; use e.g. 300s, 5m or 1m30s");
    refused(change(launcher, "instal"), 64, "Did you mean");
    refused(rig(launcher, "install"), 64, "not asking without a terminal; pass -y to confirm");
  }

  @Test
  void unreadableOrMalformedFilesAreInputErrors(QuarkusMainLauncher launcher) throws Exception {
    refused(change(launcher, "install", "-f", dir.resolve("missing.yaml").toString()), 65,
        "missing.yaml: file does not exist or is not readable");
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\n"
        + "spec:\n  values: {pilot: [\n");
    refused(change(launcher, "install", "-f", broken.toString()), 65, "broken.yaml: not valid YAML");
    Path wrong = Files.writeString(dir.resolve("wrong.yaml"), "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\n"
        + "spec:\n  values:\n    pilot:\n      replicas: 2\n");
    refused(change(launcher, "install", "-f", wrong.toString()), 65,
        "unknown field values.pilot.replicas; valid under values.pilot: autoscaleEnabled");
  }

  @Test
  void anUnsupportedKubernetesVersionIsRefusedByThePrecheck(QuarkusMainLauncher launcher) {
    cluster.setKubernetesVersion("27");
    refused(change(launcher, "install", "--version", "1.0.0"), 1,
        "Error [IST0142] (Cluster) Kubernetes 1.27 is not supported by Rigging 1.0.0, which supports Kubernetes 1.29 to 1.33",
        "Error: precheck failed (see the errors above); nothing was applied");
  }

  @Test
  void anUnreachableClusterOrUnknownContextIsNamed(QuarkusMainLauncher launcher) {
    refused(change(launcher, "install", "--context", "unreachable"), 1,
        "cannot reach the Kubernetes API server http://127.0.0.1:1/ (context unreachable)",
        "check --kubeconfig and --context");
    refused(change(launcher, "install", "--context", "west"), 64,
        "context \"west\" is not in kubeconfig " + kubeconfig + "; available: east, unreachable");
    refused(launcher.launch("install", "-y", "-c", dir.resolve("nope").toString()), 65,
        "kubeconfig " + dir.resolve("nope") + " does not exist or is not readable");
  }

  @Test
  void aDryRunReadsButNeverWrites(QuarkusMainLauncher launcher) {
    LaunchResult r = rig(launcher, "install", "--dry-run");
    assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
    assertThat(r.getOutput()).contains("CustomResourceDefinition virtualservices.networking.istio.io created (dry run)",
        "Deployment istio-system/istiod created (dry run)",
        "MutatingWebhookConfiguration istio-sidecar-injector created (dry run)");
    assertThat(r.getErrorOutput()).contains("objects would change; nothing was written");
    assertThat(rigWrites(cluster)).isEmpty();
    assertThat(cluster.client().apiextensions().v1().customResourceDefinitions().list().getItems()).isEmpty();
    assertThat(dir.resolve("audit.log")).doesNotExist();
  }
}

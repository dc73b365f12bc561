package dev.rigging.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rigging.lifecycle.testing.RigTest;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@QuarkusMainTest
class VersionCommandTest extends RigTest {

  @Test
  void versionShowsClientCatalogAndRevisions(QuarkusMainLauncher launcher) throws Exception {
    LaunchResult local = launcher.launch("version", "--remote=false");
    assertThat(local.exitCode()).isZero();
    assertThat(local.getOutput()).contains("client version: 0.1.0-SNAPSHOT", "catalog: built-in versions.yaml")
        .contains("1.0.1     std,fips   1.29 to 1.33   2027-04-30    yes");
    assertThat(change(launcher, "install", "--version", "1.0.0", "--set", "profile=minimal").exitCode()).isZero();
    LaunchResult json = rig(launcher, "version", "-o", "json");
    JsonNode v = new ObjectMapper().readTree(json.getOutput());
    assertThat(v.at("/controlPlane/0/revision").asText()).isEqualTo("default");
    assertThat(v.at("/controlPlane/0/version").asText()).isEqualTo("1.0.0");
    assertThat(v.at("/controlPlane/0/ready").asText()).isEqualTo("ready");
    assertThat(v.at("/catalog/versions").size()).isEqualTo(3);
    LaunchResult unreachable = rig(launcher, "version", "--context", "unreachable");
    assertThat(unreachable.exitCode()).isEqualTo(1);
    assertThat(unreachable.getErrorOutput()).contains("cannot reach the Kubernetes API server");
  }

  @Test
  void checkUpgradeNamesSecurityPatchesAndEndOfLife(QuarkusMainLauncher launcher) throws Exception {
    assertThat(change(launcher, "install", "--version", "1.0.0", "--set", "profile=minimal").exitCode()).isZero();
    LaunchResult r = rig(launcher, "check-upgrade", "-o", "json");
    assertThat(r.exitCode()).isZero();
    JsonNode a = new ObjectMapper().readTree(r.getOutput()).get(0);
    assertThat(a.get("status").asText()).isEqualTo("SECURITY PATCH AVAILABLE");
    assertThat(a.get("latestPatch").asText()).isEqualTo("1.0.1");
    assertThat(a.get("newestSupported").asText()).isEqualTo("1.1.0");
    assertThat(a.get("pastEndOfLife").asBoolean()).isFalse();

    Path catalog = Files.writeString(dir.resolve("old.yaml"), """
        versions:
          - version: 0.9.0
            endOfLife: 2026-06-30
            kubernetes: {min: "1.28", max: "1.31"}
            flavours:
              std: {istiod: ghcr.io/rigging-mesh/istiod-lite:0.9.0, ca: ghcr.io/rigging-mesh/ca:0.9.0, proxy: docker.io/istio/proxyv2:1.26.1}
          - version: 1.0.0
            endOfLife: 2027-04-30
            kubernetes: {min: "1.29", max: "1.33"}
            flavours:
              std: {istiod: ghcr.io/rigging-mesh/istiod-lite:1.0.0, ca: ghcr.io/rigging-mesh/ca:1.0.0, proxy: docker.io/istio/proxyv2:1.27.1}
        """);
    LaunchResult old = change(launcher, "install", "-r", "old", "--version", "0.9.0", "--set", "profile=minimal",
        "--catalog", catalog.toString());
    assertThat(old.exitCode()).as(old.getErrorOutput()).isZero();
    assertThat(old.getErrorOutput()).contains("Warning [RIG0007] (Rigging 0.9.0) version 0.9.0 reached end of life on 2026-06-30");
    LaunchResult table = rig(launcher, "check-upgrade", "--catalog", catalog.toString());
    assertThat(table.getOutput()).contains("old        0.9.0     std       END OF LIFE since 2026-06-30");
  }

  @Test
  void completionPrintsABashScript(QuarkusMainLauncher launcher) {
    LaunchResult r = launcher.launch("completion", "bash");
    assertThat(r.exitCode()).isZero();
    assertThat(r.getOutput()).contains("complete -F _complete_rig", "check-upgrade", "manifest");
    assertThat(launcher.launch("completion", "fish").exitCode()).isEqualTo(64);
  }
}

package dev.rigging.lifecycle.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rigging.lifecycle.errors.InputException;
import dev.rigging.lifecycle.errors.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecAssemblerTest {
  @TempDir Path dir;
  private final SpecAssembler assembler = new SpecAssembler();

  private ResolvedSpec assemble(List<Path> files, List<String> sets) {
    return assembler.assemble(SpecAssembler.Inputs.of(files, sets, Optional.empty(), Optional.empty()), () -> Cloud.NONE);
  }

  @Test
  void theDefaultProfileIsCompleteAndHasAnIngressGateway() {
    ResolvedSpec r = assemble(List.of(), List.of());
    InstallSpec s = r.spec();
    assertThat(s.profile()).isEqualTo("default");
    assertThat(s.revision()).isEqualTo("default");
    assertThat(s.values().pilot().autoscaleEnabled()).isTrue();
    assertThat(s.components().ingressGateways()).singleElement().satisfies(g -> assertThat(g.enabled()).isTrue());
    assertThat(s.components().egressGateways()).singleElement().satisfies(g -> assertThat(g.enabled()).isFalse());
    assertThat(r.cloud()).isEqualTo(Cloud.NONE);
    assertThat(r.cloudDetected()).isTrue();
  }

  @Test
  void profilesCloudOverlaysFilesAndSetsApplyInIstioctlOrder() throws Exception {
    Path f = dir.resolve("overlay.yaml");
    Files.writeString(f, """
        apiVersion: install.istio.io/v1alpha1
        kind: IstioOperator
        spec:
          profile: demo
          values:
            pilot:
              replicaCount: 3
        """);
    ResolvedSpec r = assemble(List.of(f), List.of("values.pilot.replicaCount=4", "cloud=eks",
        "components.egressGateways[0].enabled=false", "values.pilot.podAnnotations.example\\.com/team=mesh"));
    InstallSpec s = r.spec();
    assertThat(s.profile()).isEqualTo("demo");
    assertThat(s.meshConfig().accessLogFile()).isEqualTo("/dev/stdout");
    assertThat(s.values().pilot().replicaCount()).isEqualTo(4);
    assertThat(s.values().pilot().podAnnotations()).containsEntry("example.com/team", "mesh");
    assertThat(s.components().egressGateways().get(0).enabled()).isFalse();
    assertThat(s.components().egressGateways().get(0).name()).isEqualTo("istio-egressgateway");
    assertThat(r.cloud()).isEqualTo(Cloud.EKS);
    assertThat(s.components().ingressGateways().get(0).k8s().serviceAnnotations())
        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-type", "nlb");
    assertThat(r.layers()).containsExactly("profile default", "profile demo", "cloud eks", "-f " + f,
        "--set values.pilot.replicaCount=4", "--set cloud=eks", "--set components.egressGateways[0].enabled=false",
        "--set values.pilot.podAnnotations.example\\.com/team=mesh");
  }

  @Test
  void theFipsProfileSelectsTheFipsFlavourAndRestrictsTls() {
    InstallSpec s = assemble(List.of(), List.of("profile=fips")).spec();
    assertThat(s.flavour()).isEqualTo("fips");
    assertThat(s.meshConfig().tlsDefaults().minProtocolVersion()).isEqualTo("TLSV1_2");
    assertThat(s.meshConfig().tlsDefaults().ecdhCurves()).containsExactly("P-256", "P-384");
  }

  @Test
  void anUnknownSetPathIsAUsageErrorListingTheValidFields() {
    assertThatThrownBy(() -> assemble(List.of(), List.of("values.pilot.replicas=3")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--set values.pilot.replicas: unknown field values.pilot.replicas")
        .hasMessageContaining("valid under values.pilot: autoscaleEnabled, autoscaleMax");
    assertThatThrownBy(() -> assemble(List.of(), List.of("values.pilot.replicaCount=two")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("values.pilot.replicaCount: expected an integer, got \"two\"");
    assertThatThrownBy(() -> assemble(List.of(), List.of("values.pilot.replicaCount")))
        .isInstanceOf(UsageException.class).hasMessageContaining("expected path=value");
    assertThatThrownBy(() -> assemble(List.of(), List.of("profile=huge")))
        .isInstanceOf(UsageException.class).hasMessageContaining("unknown profile \"huge\"; valid: default, minimal, demo, fips");
    assertThatThrownBy(() -> assemble(List.of(), List.of("values.pilot.autoscaleMin=9")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("values.pilot.autoscaleMin/autoscaleMax: need 1 <= autoscaleMin <= autoscaleMax, got 9 and 5");
    assertThatThrownBy(() -> assemble(List.of(), List.of("cloud=openstack")))
        .isInstanceOf(UsageException.class).hasMessageContaining("unknown cloud \"openstack\"; valid: auto, none, eks, aks, gke");
  }

  @Test
  void aMalformedFileIsAnInputError() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec: {values: [\n");
    assertThatThrownBy(() -> assemble(List.of(bad), List.of())).isInstanceOf(InputException.class)
        .hasMessageContaining(bad + ": not valid YAML");
    Path wrongField = dir.resolve("wrong.yaml");
    Files.writeString(wrongField, "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec: {meshConfig: {accessLog: x}}\n");
    assertThatThrownBy(() -> assemble(List.of(wrongField), List.of())).isInstanceOf(InputException.class)
        .hasMessageContaining("unknown field meshConfig.accessLog; valid under meshConfig: accessLogFile");
    Path wrongKind = dir.resolve("kind.yaml");
    Files.writeString(wrongKind, "apiVersion: v1\nkind: ConfigMap\n");
    assertThatThrownBy(() -> assemble(List.of(wrongKind), List.of())).isInstanceOf(InputException.class)
        .hasMessageContaining("expected apiVersion install.istio.io/v1alpha1 and kind IstioOperator, found v1 ConfigMap");
    assertThatThrownBy(() -> assemble(List.of(dir.resolve("none.yaml")), List.of())).isInstanceOf(InputException.class)
        .hasMessageContaining("file does not exist");
  }
}

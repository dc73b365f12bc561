package dev.rigging.lifecycle.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.lifecycle.catalog.Catalog;
import dev.rigging.lifecycle.catalog.CatalogLoader;
import dev.rigging.lifecycle.spec.Cloud;
import dev.rigging.lifecycle.spec.ResolvedSpec;
import dev.rigging.lifecycle.spec.SpecAssembler;
import dev.rigging.lifecycle.webhook.MeshState;
import dev.rigging.lifecycle.webhook.RevisionSettingsOf;
import dev.rigging.lifecycle.webhook.WebhookPlanner;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Rendering is checked two ways: targeted assertions on what istiod-lite needs, and golden files
 * (src/test/resources/golden) that show every object for review. Regenerate the goldens with
 * {@code -Drefresh.golden=true} and read the diff.
 */
class ManifestRendererTest {
  private static final Catalog CATALOG = CatalogLoader.load(Optional.empty());

  static Manifest render(String version, List<String> sets) {
    ResolvedSpec spec = new SpecAssembler().assemble(SpecAssembler.Inputs.of(List.of(), sets, Optional.empty(),
        Optional.empty()), () -> Cloud.NONE);
    RenderTarget t = new RenderTarget(spec, CATALOG.require(version), "istio-system");
    MeshState state = MeshState.empty("istio-system").withRevision(t.revision(), RevisionSettingsOf.spec(t.spec()));
    if (!t.names().isDefault()) {
      state = state.withTag("default", t.revision());
    }
    return ManifestRenderer.render(t, WebhookPlanner.plan(state));
  }

  @Test
  void istiodLiteGetsKubernetesModeIstiosPortsAndItsProbes() {
    Manifest m = render("1.1.0", List.of());
    Deployment d = (Deployment) m.objects().stream().filter(o -> o.getMetadata().getName().equals("istiod")
        && o.getKind().equals("Deployment")).findFirst().orElseThrow();
    var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("ghcr.io/rigging-mesh/istiod-lite:1.1.0");
    assertThat(c.getEnv()).extracting(e -> e.getName() + "=" + e.getValue()).contains(
        "RIGGING_CONFIG_MODE=kubernetes", "RIGGING_XDS_PORT=15010", "RIGGING_MONITORING_PORT=15014",
        "RIGGING_MESH_ROOT_NAMESPACE=istio-system", "QUARKUS_LOG_LEVEL=INFO", "REVISION=default");
    assertThat(c.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("grpc-xds:15010", "grpc-xds-tls:15012", "http-monitoring:15014", "https-webhook:15017");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(d.getSpec().getReplicas()).as("an HPA owns the replica count").isNull();
    Service s = (Service) m.objects().stream().filter(o -> o.getKind().equals("Service")
        && o.getMetadata().getName().equals("istiod")).findFirst().orElseThrow();
    assertThat(s.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort() + "->"
            + (p.getTargetPort() == null ? "" : p.getTargetPort().getIntVal()))
        .containsExactly("grpc-xds:15010->", "grpc-xds-tls:15012->", "https-webhook:443->15017",
            "http-monitoring:15014->");
    assertThat(m.components()).containsExactly(Component.BASE, Component.PILOT, Component.WEBHOOKS, Component.INGRESS);
    assertThat(m.objects()).allSatisfy(o -> assertThat(o.getMetadata().getAnnotations())
        .containsKey(RigLabels.MANIFEST_HASH));
  }

  @Test
  void theFipsFlavourUsesFipsImages() {
    Manifest m = render("1.1.0", List.of("profile=fips", "values.pilot.autoscaleEnabled=false"));
    Deployment d = (Deployment) m.objects().stream().filter(o -> o.getKind().equals("Deployment")
        && o.getMetadata().getName().equals("istiod")).findFirst().orElseThrow();
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).endsWith(":1.1.0-fips");
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    Deployment gw = (Deployment) m.objects().stream().filter(o -> o.getKind().equals("Deployment")
        && o.getMetadata().getName().equals("istio-ingressgateway")).findFirst().orElseThrow();
    assertThat(gw.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/rigging-mesh/proxyv2-fips:1.28.1");
  }

  @Test
  void goldenDefault() throws Exception {
    golden("default-1.1.0.yaml", withoutCrds(render("1.1.0", List.of())));
  }

  @Test
  void goldenMinimalCanaryOnEks() throws Exception {
    golden("minimal-canary-eks-1.0.0.yaml", withoutCrds(render("1.0.0", List.of("profile=minimal",
        "revision=canary", "cloud=eks", "components.egressGateways[0].enabled=true"))));
  }

  /** The CRDs are mesh-core's and have their own goldens there; leaving them out keeps these readable. */
  static String withoutCrds(Manifest m) {
    return ManifestYaml.yaml(m.objects().stream().filter(o -> !o.getKind().equals("CustomResourceDefinition")).toList());
  }

  static void golden(String name, String actual) throws Exception {
    Path file = Path.of("src/test/resources/golden", name);
    if (Boolean.getBoolean("refresh.golden") || !Files.exists(file)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual);
    }
    assertThat(actual).as("golden %s (regenerate with -Drefresh.golden=true and review the diff)", file)
        .isEqualTo(Files.readString(file));
  }
}

package dev.rigging.istiod.webhook.inject;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.VersionInfo;
import org.junit.jupiter.api.Test;

/** What injection refuses, skips and decides, beyond the golden pods. */
class PodInjectorTest {
  private final InjectionSettings settings = InjectionFixtures.settings("default", false, InjectionFixtures.RIG_MESH,
      InjectionFixtures.RIG_VALUES);
  private final PodInjector injector = new PodInjector(() -> settings);

  private static JsonNode pod(String metadataExtra, String specExtra) {
    return InjectionFixtures.yaml("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: shop
        %s
        spec:
          containers:
          - name: web
            image: nginx
        %s
        """.formatted(metadataExtra.indent(2), specExtra.indent(2)));
  }

  private InjectionOutcome inject(JsonNode pod, String namespace) {
    return injector.inject(pod, namespace);
  }

  @Test
  void hostNetworkPodsAndKubernetesNamespacesAreNeverInjected() {
    assertThat(inject(pod("", "hostNetwork: true"), "shop")).isEqualTo(
        new InjectionOutcome.Skipped("pod uses the host network", false));
    JsonNode system = pod("", "");
    ((com.fasterxml.jackson.databind.node.ObjectNode) system.get("metadata")).put("namespace", "kube-system");
    assertThat(inject(system, "kube-system")).isEqualTo(
        new InjectionOutcome.Skipped("namespace kube-system is never injected", false));
  }

  @Test
  void theInjectLabelWinsOverTheAnnotation() {
    assertThat(inject(pod("annotations: {sidecar.istio.io/inject: \"false\"}", ""), "shop"))
        .isEqualTo(new InjectionOutcome.Skipped("sidecar.istio.io/inject=false", false));
    assertThat(inject(pod("labels: {sidecar.istio.io/inject: \"false\"}\nannotations: {sidecar.istio.io/inject: \"true\"}",
        ""), "shop")).isInstanceOf(InjectionOutcome.Skipped.class);
    assertThat(inject(pod("annotations: {sidecar.istio.io/inject: \"yes\"}", ""), "shop"))
        .isInstanceOf(InjectionOutcome.Injected.class);
  }

  @Test
  void aPodWithItsOwnIstioProxyIsLeftAloneWithAWarning() {
    JsonNode p = InjectionFixtures.yaml("""
        apiVersion: v1
        kind: Pod
        metadata: {name: custom, namespace: shop}
        spec:
          containers:
          - {name: app, image: app}
          - {name: istio-proxy, image: auto, resources: {limits: {memory: 2Gi}}}
        """);
    assertThat(inject(p, "shop")).isInstanceOfSatisfying(InjectionOutcome.Skipped.class,
        s -> assertThat(s.warn()).isTrue());
  }

  @Test
  void unusableAnnotationsFailTheInjectionNamingThem() {
    assertThat(inject(pod("annotations: {sidecar.istio.io/proxyCPU: lots, traffic.sidecar.istio.io/excludeInboundPorts: "
        + "\"80,http\", sidecar.istio.io/interceptionMode: MAGIC}", ""), "shop")).isEqualTo(new InjectionOutcome.Failed(
        "injection failed: annotation sidecar.istio.io/interceptionMode=\"MAGIC\": valid modes: REDIRECT, TPROXY, NONE; "
            + "annotation sidecar.istio.io/proxyCPU=\"lots\": not a Kubernetes quantity (e.g. 100m, 128Mi); "
            + "annotation traffic.sidecar.istio.io/excludeInboundPorts=\"80,http\": \"http\" is not a port number; "
            + "expected a comma-separated list of ports"));
    assertThat(inject(pod("annotations: {traffic.sidecar.istio.io/includeOutboundIPRanges: \"10.0.0.0/33\"}", ""),
        "shop")).isInstanceOfSatisfying(InjectionOutcome.Failed.class, f -> assertThat(f.message())
        .contains("\"10.0.0.0/33\" is not an IP range"));
    assertThat(inject(pod("annotations: {proxy.istio.io/config: \"[1, 2]\"}", ""), "shop"))
        .isEqualTo(new InjectionOutcome.Failed("injection failed: annotation proxy.istio.io/config must be a "
            + "ProxyConfig mapping, e.g. {holdApplicationUntilProxyStarts: true}"));
  }

  @Test
  void onlyIstioTemplatesThisInjectorHasCanBeRequested() {
    assertThat(inject(pod("annotations: {inject.istio.io/templates: gateway}", ""), "shop")).isEqualTo(
        new InjectionOutcome.Failed("injection failed: requested template \"gateway\" not found; have grpc-agent, sidecar"));
    assertThat(inject(pod("annotations: {inject.istio.io/templates: \"sidecar,grpc-agent\"}", ""), "shop"))
        .isInstanceOf(InjectionOutcome.Failed.class);
  }

  @Test
  void theNativeSidecarAnnotationOverridesTheDefault() {
    JsonNode p = pod("annotations: {sidecar.istio.io/nativeSidecar: \"true\"}", "");
    JsonNode injected = InjectionFixtures.applied(p, inject(p, "shop"));
    assertThat(injected.at("/spec/initContainers/1/name").asText()).isEqualTo("istio-proxy");
    assertThat(injected.at("/spec/initContainers/1/restartPolicy").asText()).isEqualTo("Always");
  }

  @Test
  void nativeSidecarsAreOnFromKubernetes129WhenAuto() {
    assertThat(NativeSidecars.decide("auto", () -> version("1", "29"))).isTrue();
    assertThat(NativeSidecars.decide("auto", () -> version("1", "30+"))).isTrue();
    assertThat(NativeSidecars.decide("auto", () -> version("1", "28"))).isFalse();
    assertThat(NativeSidecars.decide("auto", () -> {
      throw new IllegalStateException("unreachable");
    })).isFalse();
    assertThat(NativeSidecars.decide("false", () -> version("1", "33"))).isFalse();
    assertThat(NativeSidecars.decide("true", () -> null)).isTrue();
  }

  @Test
  void injectorValuesAndMeshConfigOverrideIstiodLitesDefaults() {
    InjectionSettings s = InjectionSettingsSource.resolve(InjectionFixtures.base("default", false),
        "trustDomain: corp.example\nenablePrometheusMerge: false\n",
        "{\"global\":{\"proxy\":{\"image\":\"registry.example/proxyv2:1.27.1\"},\"imagePullPolicy\":\"Always\"}}");
    assertThat(s.proxyImage()).isEqualTo("registry.example/proxyv2:1.27.1");
    assertThat(s.imagePullPolicy()).isEqualTo("Always");
    assertThat(s.trustDomain()).isEqualTo("corp.example");
    assertThat(s.prometheusMerge()).isFalse();
    assertThat(s.proxyConfig().path("discoveryAddress").asText()).isEqualTo("istiod.istio-system.svc:15012");
    InjectionSettings broken = InjectionSettingsSource.resolve(InjectionFixtures.base("default", false), ":\n- [", "{");
    assertThat(broken.proxyImage()).as("unreadable ConfigMaps fall back").isEqualTo("docker.io/istio/proxyv2:1.28.1");
  }

  private static VersionInfo version(String major, String minor) {
    return new VersionInfo.Builder().withMajor(major).withMinor(minor).build();
  }

  @Test
  void podMetadataIsNotMutatedBeyondThePatch() {
    JsonNode p = pod("labels: {app: web}", "");
    JsonNode copy = p.deepCopy();
    inject(p, "shop");
    assertThat(p).as("the admitted pod itself is never changed; only the patch carries the injection").isEqualTo(copy);
  }
}

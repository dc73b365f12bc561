package dev.rigging.istiod.webhook.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rigging.istiod.app.IstiodNames;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * {@code InjectionFixtures} builds injection settings as istiod-lite resolves them and plays the
 * API server's part with a patch: it applies the JSON patch to the pod as sent.
 */
final class InjectionFixtures {
  static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .build();

  private InjectionFixtures() {}

  static InjectionSettingsSource.Base base(String revision, boolean nativeSidecars) {
    return new InjectionSettingsSource.Base(new IstiodNames(revision, "istio-system"), "docker.io/istio/proxyv2:1.28.1",
        Optional.empty(), Optional.empty(), "Kubernetes", "cluster.local", "cluster.local", nativeSidecars,
        "ghcr.io/rigging-mesh/workload-agent:1.1.0");
  }

  /** Settings with rig's rendered ConfigMaps ({@code mesh} YAML and {@code values} JSON; either may be null). */
  static InjectionSettings settings(String revision, boolean nativeSidecars, String mesh, String values) {
    return InjectionSettingsSource.resolve(base(revision, nativeSidecars), mesh, values);
  }

  /** The mesh ConfigMap rig renders for revision {@code default} in istio-system. */
  static final String RIG_MESH = """
      accessLogFile: ""
      defaultConfig:
        discoveryAddress: istiod.istio-system.svc:15012
      enablePrometheusMerge: true
      outboundTrafficPolicy:
        mode: ALLOW_ANY
      rootNamespace: istio-system
      trustDomain: cluster.local
      """;

  /** The injector values rig renders for revision {@code default}. */
  static final String RIG_VALUES = """
      {"revision":"default","global":{"istioNamespace":"istio-system","imagePullPolicy":"IfNotPresent",
       "proxy":{"image":"docker.io/istio/proxyv2:1.28.1"}}}
      """;

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pod as the API server stores it after applying {@code outcome}'s patch. */
  static JsonNode applied(JsonNode pod, InjectionOutcome outcome) {
    if (!(outcome instanceof InjectionOutcome.Injected injected)) {
      throw new AssertionError("expected an injection, got " + outcome);
    }
    return JsonPatch.apply(injected.patch(), pod);
  }
}

package dev.rigging.mesh.validation;

import static dev.rigging.mesh.validation.Yaml.assertError;
import static dev.rigging.mesh.validation.Yaml.assertValid;
import static dev.rigging.mesh.validation.Yaml.assertWarning;
import static dev.rigging.mesh.validation.Yaml.pa;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.mesh.config.ConfigCodec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerAuthenticationValidationTest {
  private static final String SELECTOR = "selector: {matchLabels: {app: finance}}\n";

  @Test
  void selectorLabels() {
    assertError(pa("selector: {matchLabels: {app: \"*\"}}\nmtls: {mode: STRICT}"), "spec.selector.matchLabels[\"app\"]", "wildcard in selector");
    assertError(pa("selector: {matchLabels: {\"\": x}}\nmtls: {mode: STRICT}"), "spec.selector.matchLabels[\"\"]", "empty label key");
    assertError(pa("selector: {matchLabels: {app: \"fin ance\"}}"), "spec.selector.matchLabels[\"app\"]", "invalid label value \"fin ance\"");
    assertWarning(pa("selector: {}\nmtls: {mode: STRICT}"), "spec.selector", "applies to every workload in the namespace");
  }

  @Test
  void portLevelMtlsNeedsASelectorWithLabels() {
    String msg = "portLevelMtls needs a selector with matchLabels";
    assertError(pa("mtls: {mode: STRICT}\nportLevelMtls: {8080: {mode: DISABLE}}"), "spec.portLevelMtls", msg);
    assertError(pa("selector: {matchLabels: {}}\nportLevelMtls: {8080: {mode: DISABLE}}"), "spec.portLevelMtls", msg);
  }

  @Test
  void portLevelMtlsIsNotEmpty() {
    assertError(pa(SELECTOR + "portLevelMtls: {}"), "spec.portLevelMtls", "portLevelMtls is empty");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 65536, -1})
  void portsAreInRange(int port) {
    assertError(pa(SELECTOR + "portLevelMtls: {" + port + ": {mode: DISABLE}}"), "spec.portLevelMtls[\"" + port + "\"]",
        "must be between 1 and 65535");
  }

  @Test
  void portWithoutSettingsIsRefusedByTheDecoder() {
    var decoded = new ConfigCodec("default").decode("pa.yaml", pa(SELECTOR + "portLevelMtls: {8080: null}"));
    assertThat(decoded.errors()).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("spec");
      assertThat(e.message()).contains("portLevelMtls has an entry without a value");
    });
  }

  @Test
  void validPolicies() {
    assertValid(pa("mtls: {mode: STRICT}"));
    assertValid(pa("{}"));
    assertValid(pa(SELECTOR + "mtls: {mode: PERMISSIVE}\nportLevelMtls: {8080: {mode: DISABLE}, 9090: {}}"));
    assertValid(pa(SELECTOR + "mtls: {mode: UNSET}\nportLevelMtls: {1: {mode: STRICT}, 65535: {mode: PERMISSIVE}}"));
  }
}

package dev.rigging.mesh.validation;

import static dev.rigging.mesh.validation.Yaml.ap;
import static dev.rigging.mesh.validation.Yaml.assertError;
import static dev.rigging.mesh.validation.Yaml.assertValid;
import static dev.rigging.mesh.validation.Yaml.assertWarning;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Policy-level rules: targets, action and provider, rules presence, from/to presence, DENY on TCP. */
class AuthorizationPolicyValidationTest {

  @Test
  void allowNothingAllowAllAndDenyAllAreValid() {
    assertValid(ap("{}"));
    assertValid(ap("rules: [{}]"));
    assertValid(ap("action: DENY\nrules: [{}]"));
    assertValid(ap("selector: {matchLabels: {app: httpbin}}"));
    assertThat(Yaml.check(ap("{}")).warnings()).isEmpty();
    assertThat(Yaml.check(ap("rules: [{}]")).warnings()).isEmpty();
  }

  @Test
  void anEmptyRulesListIsAllowNothingWithAWarning() {
    assertWarning(ap("rules: []"), "spec.rules", "rules is an empty list, so this policy allows nothing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"action: DENY", "action: DENY\nrules: []"})
  void denyNeedsRules(String spec) {
    assertError(ap(spec), "spec.rules", "a DENY policy without rules never matches");
  }

  @Test
  void auditWithoutRulesAuditsNothing() {
    assertWarning(ap("action: AUDIT"), "spec.rules", "an AUDIT policy without rules never matches");
  }

  @Test
  void customNeedsRulesAndAProvider() {
    assertError(ap("action: CUSTOM\nprovider: {name: ext-authz}"), "spec.rules", "a CUSTOM policy without rules never sends");
    assertError(ap("action: CUSTOM\nrules: [{}]"), "spec.provider", "action CUSTOM needs provider.name");
    assertError(ap("action: CUSTOM\nprovider: {}\nrules: [{}]"), "spec.provider.name", "action CUSTOM needs provider.name");
    assertError(ap("action: CUSTOM\nprovider: {name: \"\"}\nrules: [{}]"), "spec.provider.name", "extensionProviders entry in MeshConfig");
    assertValid(ap("action: CUSTOM\nprovider: {name: ext-authz}\nrules: [{to: [{operation: {paths: [\"/admin/*\"]}}]}]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ALLOW", "DENY", "AUDIT"})
  void providerOnlyWithCustom(String action) {
    assertError(ap("action: " + action + "\nprovider: {name: ext-authz}\nrules: [{}]"), "spec.provider", "provider is only used with action CUSTOM");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "principals: [a]|spec.rules[0].from[0].source.principals",
      "notPrincipals: [a]|spec.rules[0].from[0].source.notPrincipals",
      "requestPrincipals: [a]|spec.rules[0].from[0].source.requestPrincipals",
      "notRequestPrincipals: [a]|spec.rules[0].from[0].source.notRequestPrincipals",
      "namespaces: [a]|spec.rules[0].from[0].source.namespaces",
      "notNamespaces: [a]|spec.rules[0].from[0].source.notNamespaces",
      "serviceAccounts: [a]|spec.rules[0].from[0].source.serviceAccounts",
      "notServiceAccounts: [a]|spec.rules[0].from[0].source.notServiceAccounts"})
  void customCannotMatchIdentities(String source, String field) {
    assertError(ap("action: CUSTOM\nprovider: {name: ext}\nrules: [{from: [{source: {" + source + "}}]}]"), field,
        "is not supported with action CUSTOM");
  }

  @ParameterizedTest
  @ValueSource(strings = {"source.namespace", "source.serviceAccount", "source.principal", "request.auth.claims[iss]",
      "request.auth.principal"})
  void customCannotConditionOnIdentities(String key) {
    assertError(ap("action: CUSTOM\nprovider: {name: ext}\nrules: [{when: [{key: \"" + key + "\", values: [a]}]}]"),
        "spec.rules[0].when[0].key", "is not supported with action CUSTOM");
  }

  @Test
  void customMayMatchAddressesAndRequests() {
    assertValid(ap("action: CUSTOM\nprovider: {name: ext}\nrules: [{from: [{source: {ipBlocks: [10.0.0.0/8]}}],"
        + " to: [{operation: {hosts: [a.example.com]}}], when: [{key: \"request.headers[x-ext]\", values: [\"1\"]}]}]"));
  }

  @Test
  void emptyFromAndToListsAreRefused() {
    assertError(ap("rules: [{from: []}]"), "spec.rules[0].from", "from is an empty list");
    assertError(ap("rules: [{to: []}]"), "spec.rules[0].to", "to is an empty list");
  }

  @Test
  void fromAndToEntriesNeedASourceOrOperation() {
    assertError(ap("rules: [{from: [{}]}]"), "spec.rules[0].from[0].source", "source is required in each from entry");
    assertError(ap("rules: [{to: [{}]}]"), "spec.rules[0].to[0].operation", "operation is required in each to entry");
    assertError(ap("rules: [{from: [{source: {}}]}]"), "spec.rules[0].from[0].source", "source is empty");
    assertError(ap("rules: [{to: [{operation: {}}]}]"), "spec.rules[0].to[0].operation", "operation is empty");
  }

  @Test
  void boundsFromIstiosCrd() {
    String many = String.join(", ", java.util.Collections.nCopies(513, "{}"));
    assertError(ap("rules: [" + many + "]"), "spec.rules", "513 rules; at most 512");
  }

  @Test
  void selectorAndTargetRefsAreExclusive() {
    assertError(ap("selector: {matchLabels: {app: a}}\ntargetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: waypoint}]"),
        "spec", "only one of selector, targetRef or targetRefs may be set, found selector and targetRefs");
    assertError(ap("targetRef: {group: \"\", kind: Pod, name: web}"), "spec.targetRef", "cannot attach a policy to Pod");
    assertValid(ap("targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: waypoint}]\nrules: [{}]"));
  }

  @Test
  void denyWithOnlyHttpAttributesWarnsAboutTcp() {
    String msg = "this DENY rule uses only HTTP attributes, so on TCP ports it denies all traffic";
    assertWarning(ap("action: DENY\nrules: [{to: [{operation: {methods: [POST]}}]}]"), "spec.rules[0]", msg);
    assertWarning(ap("action: DENY\nrules: [{from: [{source: {requestPrincipals: [\"*\"]}}]}]"), "spec.rules[0]", msg);
    assertWarning(ap("action: DENY\nrules: [{from: [{source: {namespaces: [dev]}}], to: [{operation: {methods: [POST]}}]}]"),
        "spec.rules[0]", msg);
    assertThat(Yaml.check(ap("action: DENY\nrules: [{to: [{operation: {methods: [POST], ports: [\"8080\"]}}]}]")).warnings()).isEmpty();
    assertThat(Yaml.check(ap("action: DENY\nrules: [{from: [{source: {namespaces: [dev]}}]}]")).warnings()).isEmpty();
    // the same rule in an ALLOW policy only narrows what is allowed, so nothing to warn about
    assertThat(Yaml.check(ap("rules: [{to: [{operation: {methods: [POST]}}]}]")).warnings()).isEmpty();
  }
}

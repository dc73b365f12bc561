package dev.rigging.mesh.validation;

import static dev.rigging.mesh.validation.Yaml.ap;
import static dev.rigging.mesh.validation.Yaml.assertError;
import static dev.rigging.mesh.validation.Yaml.assertValid;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The when conditions: Istio's attribute keys, values or notValues, and values that fit the key. */
class AuthorizationConditionsTest {
  private static final String W = "spec.rules[0].when[0]";

  private static String when(String condition) {
    return ap("rules: [{when: [" + condition + "]}]");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "request.headers[User-Agent]|Mozilla/*",
      "request.experimental.inline.headers[x-token]|abc",
      "source.ip|10.1.2.3",
      "remote.ip|203.0.113.0/24",
      "source.namespace|default",
      "source.serviceAccount|default/productpage",
      "source.principal|cluster.local/ns/default/sa/productpage",
      "request.auth.principal|https://accounts.google.com/1234567890",
      "request.auth.audiences|bookstore.example.com",
      "request.auth.presenter|123456789012.apps.googleusercontent.com",
      "request.auth.claims[iss]|https://accounts.google.com",
      "request.auth.claims[realm][role]|admin",
      "destination.ip|10.1.2.3",
      "destination.port|8080",
      "connection.sni|www.example.com",
      "experimental.envoy.filters.network.mysql_proxy[db.table]|[update]"})
  void istiosAttributesAreAccepted(String key, String value) {
    assertValid(when("{key: \"" + key + "\", values: [\"" + value + "\"]}"));
    assertValid(when("{key: \"" + key + "\", notValues: [\"" + value + "\"]}"));
  }

  @Test
  void keyIsRequired() {
    assertError(when("{values: [a]}"), W + ".key", "key is required");
    assertError(when("{key: \"\", values: [a]}"), W + ".key", "key is required");
  }

  @Test
  void valuesOrNotValuesAreRequired() {
    assertError(when("{key: source.ip}"), W, "condition on source.ip needs values or notValues");
    assertError(when("{key: source.ip, values: [], notValues: []}"), W, "needs values or notValues");
  }

  @Test
  void emptyValues() {
    assertError(when("{key: \"request.headers[x]\", values: [a, \"\"]}"), W + ".values[1]", "empty value");
    assertError(when("{key: \"request.headers[x]\", notValues: [\"\"]}"), W + ".notValues[0]", "empty value");
  }

  @Test
  void unknownAndRetiredKeys() {
    assertError(when("{key: source.user, values: [a]}"), W + ".key", "unknown attribute \"source.user\"; valid keys: source.ip, remote.ip");
    assertError(when("{key: destination.namespace, values: [a]}"), W + ".key", "use metadata.namespace");
    assertError(when("{key: \"destination.labels[app]\", values: [a]}"), W + ".key", "use selector.matchLabels");
    assertError(when("{key: destination.user, values: [a]}"), W + ".key", "retired v1alpha1 API");
    assertError(when("{key: destination.name, values: [a]}"), W + ".key", "retired v1alpha1 API");
  }

  @ParameterizedTest
  @ValueSource(strings = {"request.headers", "request.headers[]", "request.headers[a", "request.headersX[a]", "request.auth.claims",
      "request.auth.claims[]", "experimental.envoy.filters.network.mysql_proxy", "request.experimental.inline.headers"})
  void mapKeysNeedAName(String key) {
    assertError(when("{key: \"" + key + "\", values: [a]}"), W + ".key", "invalid key \"" + key + "\"; expected");
  }

  @Test
  void valuesFitTheKey() {
    assertError(when("{key: source.ip, values: [10.0.0.300]}"), W + ".values[0]", "not a valid IP address");
    assertError(when("{key: remote.ip, notValues: [10.0.0.0/40]}"), W + ".notValues[0]", "not a valid CIDR block");
    assertError(when("{key: destination.ip, values: [localhost]}"), W + ".values[0]", "not a valid IP address");
    assertError(when("{key: destination.port, values: [http]}"), W + ".values[0]", "port \"http\" is not a number");
    assertError(when("{key: destination.port, notValues: [\"70000\"]}"), W + ".notValues[0]", "port 70000 out of range");
    assertError(when("{key: source.serviceAccount, values: [\"a/b/c\"]}"), W + ".values[0]", "expected serviceAccount or namespace/serviceAccount");
  }

  @Test
  void conditionThatCanNeverMatch() {
    assertError(when("{key: \"request.headers[x-env]\", values: [prod], notValues: [prod]}"), W + ".values",
        "every value of values is also in notValues, so this can never match");
  }
}

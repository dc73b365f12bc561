package dev.rigging.mesh.validation;

import static dev.rigging.mesh.validation.Yaml.assertError;
import static dev.rigging.mesh.validation.Yaml.assertValid;
import static dev.rigging.mesh.validation.Yaml.assertWarning;
import static dev.rigging.mesh.validation.Yaml.ra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestAuthenticationValidationTest {
  private static final String URI = "jwksUri: https://example.com/.well-known/jwks.json";
  private static final String P = "spec.jwtRules[0]";

  private static String rule(String fields) {
    return ra("jwtRules:\n- {" + fields + "}");
  }

  @Test
  void issuerIsRequiredUnlessTheKeysAreFetched() {
    assertError(rule("audiences: [a]"), P + ".issuer", "issuer is required unless jwksUri is set");
    assertError(rule("issuer: \"\", " + URI), P + ".issuer", "issuer is empty");
    assertValid(rule(URI));
  }

  @Test
  void duplicateIssuersDrawAWarning() {
    assertWarning(ra("jwtRules:\n- {issuer: a.example.com, " + URI + "}\n- {issuer: a.example.com, fromParams: [t]}"),
        "spec.jwtRules[1].issuer", "also configured at spec.jwtRules[0]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.com/jwks", "example.com/jwks", "https://", "https://example.com:http/jwks",
      "https://example.com:0/jwks", "https://exa mple.com/jwks"})
  void jwksUriIsAnHttpOrHttpsUrl(String uri) {
    assertError(rule("issuer: a, jwksUri: \"" + uri + "\""), P + ".jwksUri", "jwksUri");
  }

  @Test
  void jwksUriMessages() {
    assertError(rule("issuer: a, jwksUri: \"ftp://example.com/jwks\""), P + ".jwksUri", "must start with https:// (or http://)");
    assertError(rule("issuer: a, jwksUri: \"https://example.com:99999/k\""), P + ".jwksUri", "port 99999 out of range");
    assertError(rule("issuer: a, jwksUri: \"https://example.com:8o/k\""), P + ".jwksUri", "invalid port \"8o\"");
    assertError(rule("issuer: a, jwksUri: \"https://" + "a".repeat(2040) + ".com\""), P + ".jwksUri", "at most 2048");
    assertError(rule("issuer: a, jwksUri: \"\""), P + ".jwksUri", "jwksUri is empty");
    assertError(rule("issuer: a, jwks_uri: \"ftp://example.com/jwks\""), P + ".jwksUri", "must start with https://");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://idp.internal:8080/keys", "https://my_idp.example.com/keys", "HTTPS://example.com/k",
      "https://[2001:db8::1]:8443/keys", "https://user@example.com/keys"})
  void acceptsFetchableUris(String uri) {
    assertValid(rule("issuer: a, jwksUri: \"" + uri + "\""));
  }

  @Test
  void inlineJwks() {
    String key = "{\\\"keys\\\": [{\\\"kty\\\": \\\"RSA\\\", \\\"e\\\": \\\"AQAB\\\", \\\"n\\\": \\\"xAE\\\"}]}";
    assertValid(rule("issuer: a, jwks: \"" + key + "\""));
    assertValid(rule("issuer: a, jwks: \"{\\\"kty\\\": \\\"EC\\\", \\\"crv\\\": \\\"P-256\\\"}\""));
    assertError(rule("issuer: a, " + URI + ", jwks: \"" + key + "\""), P + ".jwks", "jwks and jwksUri are mutually exclusive");
    assertError(rule("issuer: a, jwks: \"not json\""), P + ".jwks", "jwks is not valid JSON");
    assertError(rule("issuer: a, jwks: \"[1]\""), P + ".jwks", "jwks must be a JSON object");
    assertError(rule("issuer: a, jwks: \"{\\\"keys\\\": {}}\""), P + ".jwks", "must be an array");
    assertError(rule("issuer: a, jwks: \"{\\\"keys\\\": [{\\\"e\\\": \\\"AQAB\\\"}]}\""), P + ".jwks", "jwks keys[0] has no \"kty\"");
    assertError(rule("issuer: a, jwks: \"{\\\"kty\\\": \\\"DSA\\\"}\""), P + ".jwks", "unsupported key type \"DSA\"");
  }

  @Test
  void tokenLocationsAreNotEmpty() {
    assertError(rule("issuer: a, fromHeaders: [{prefix: \"Bearer \"}]"), P + ".fromHeaders[0].name", "header name is required");
    assertError(rule("issuer: a, fromHeaders: [{name: \"\"}]"), P + ".fromHeaders[0].name", "header name is required");
    assertError(rule("issuer: a, fromParams: [token, \"\"]"), P + ".fromParams[1]", "empty query parameter name");
    assertError(rule("issuer: a, fromCookies: [\"\"]"), P + ".fromCookies[0]", "empty cookie name");
    assertError(rule("issuer: a, audiences: [\"\"]"), P + ".audiences[0]", "empty audience");
  }

  @Test
  void claimsToHeaders() {
    String p = P + ".outputClaimToHeaders[0]";
    assertError(rule("issuer: a, outputClaimToHeaders: [{claim: sub}]"), p + ".header", "header is required");
    assertError(rule("issuer: a, outputClaimToHeaders: [{header: \"x jwt\", claim: sub}]"), p + ".header", "invalid header name \"x jwt\"");
    assertError(rule("issuer: a, outputClaimToHeaders: [{header: \":authority\", claim: sub}]"), p + ".header", "invalid header name");
    assertError(rule("issuer: a, outputClaimToHeaders: [{header: x-sub}]"), p + ".claim", "claim is required");
    assertError(rule("issuer: a, outputClaimToHeaders: [{header: x-sub, claim: \"realm..role\"}]"), p + ".claim", "invalid claim");
    assertError(rule("issuer: a, outputClaimToHeaders: [{header: x-sub, claim: \"my claim\"}]"), p + ".claim", "invalid claim");
    assertValid(rule("issuer: a, outputClaimToHeaders: [{header: x-jwt-sub, claim: sub}, {header: X_Role, claim: realm.role}]"));
  }

  @Test
  void timeoutIsAtLeastOneMillisecond() {
    assertError(rule("issuer: a, timeout: 0s"), P + ".timeout", "must be at least 1ms");
    assertError(rule("issuer: a, timeout: 1500us"), P + ".timeout", "whole milliseconds");
    assertValid(rule("issuer: a, timeout: 1ms"));
  }

  @Test
  void spaceDelimitedClaims() {
    assertError(rule("issuer: a, spaceDelimitedClaims: [scope, \"\"]"), P + ".spaceDelimitedClaims[1]", "empty claim name");
    String many = String.join(", ", java.util.stream.IntStream.range(0, 65).mapToObj(i -> "c" + i).toList());
    assertError(rule("issuer: a, spaceDelimitedClaims: [" + many + "]"), P + ".spaceDelimitedClaims", "at most 64");
  }

  @Test
  void selectorAndTargetsAreExclusive() {
    assertError(ra("selector: {matchLabels: {app: a}}\ntargetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: gw}"),
        "spec", "only one of selector, targetRef or targetRefs may be set, found selector and targetRef");
    assertError(ra("targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: gw}\n"
        + "targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw2}]"), "spec", "found targetRef and targetRefs");
    assertError(ra("selector: {matchLabels: {\"a*\": b}}"), "spec.selector.matchLabels[\"a*\"]", "wildcard in selector");
  }

  @Test
  void targetReferences() {
    assertError(ra("targetRef: {group: apps, kind: Deployment, name: web}"), "spec.targetRef",
        "cannot attach a policy to Deployment (group apps); valid: Service (group \"\"), ServiceEntry (group networking.istio.io), "
            + "Gateway (group gateway.networking.k8s.io), GatewayClass (group gateway.networking.k8s.io)");
    assertError(ra("targetRef: {kind: Gateway, name: gw}"), "spec.targetRef", "cannot attach a policy to Gateway (group \"\")");
    assertError(ra("targetRef: {group: gateway.networking.k8s.io, kind: Gateway}"), "spec.targetRef.name", "name is required");
    assertError(ra("targetRef: {group: gateway.networking.k8s.io, name: gw}"), "spec.targetRef.kind", "kind is required");
    assertError(ra("targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw, namespace: other}]"),
        "spec.targetRefs[0].namespace", "cross-namespace references are not supported");
    String many = String.join(", ", java.util.stream.IntStream.range(0, 17)
        .mapToObj(i -> "{kind: Service, name: s" + i + "}").toList());
    assertError(ra("targetRefs: [" + many + "]"), "spec.targetRefs", "at most 16");
    assertValid(ra("targetRefs: [{kind: Service, name: reviews}, {group: core, kind: Service, name: ratings},"
        + " {group: networking.istio.io, kind: ServiceEntry, name: ext}, {group: gateway.networking.k8s.io, kind: GatewayClass, name: istio-waypoint}]"));
  }
}

package dev.rigging.mesh.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.mesh.api.security.AuthorizationPolicy;
import dev.rigging.mesh.api.security.AuthorizationPolicy.Action;
import dev.rigging.mesh.api.security.PeerAuthentication;
import dev.rigging.mesh.api.security.PeerAuthentication.Mode;
import dev.rigging.mesh.api.security.RequestAuthentication;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding and writing the security.istio.io kinds, with the presence of rules, from, to and portLevelMtls. */
class SecurityCodecTest {
  private final ConfigCodec codec = new ConfigCodec("default");

  private ConfigObject<?> one(String yaml) {
    var d = codec.decode("security.yaml", yaml);
    assertThat(d.errors()).isEmpty();
    assertThat(d.objects()).hasSize(1);
    return d.objects().get(0);
  }

  private static String ap(String version, String spec) {
    return "apiVersion: security.istio.io/" + version + "\nkind: AuthorizationPolicy\nmetadata: {name: p, namespace: foo}\nspec: " + spec + "\n";
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v1beta1"})
  void decodesBothServedVersions(String version) {
    var o = one(ap(version, "{action: DENY, rules: [{from: [{source: {namespaces: [dev]}}], to: [{operation: {methods: [POST]}}]}]}"));
    assertThat(o.kind()).isEqualTo(Kind.AUTHORIZATION_POLICY);
    assertThat(o.apiVersion()).isEqualTo("security.istio.io/" + version);
    var spec = o.as(AuthorizationPolicy.class).spec();
    assertThat(spec.actionOrDefault()).isEqualTo(Action.DENY);
    assertThat(spec.rules().get(0).from().get(0).source().namespaces()).containsExactly("dev");
    assertThat(spec.rules().get(0).to().get(0).operation().methods()).containsExactly("POST");
  }

  @Test
  void refusesOtherVersionsNamingTheValidOnes() {
    var d = codec.decode("security.yaml", ap("v1alpha1", "{}"));
    assertThat(d.objects()).isEmpty();
    assertThat(d.errors()).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("apiVersion");
      assertThat(e.message()).isEqualTo(
          "unsupported version security.istio.io/v1alpha1; valid: security.istio.io/v1, security.istio.io/v1beta1");
    });
    var wrongGroup = codec.decode("security.yaml", "apiVersion: networking.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}\nspec: {}\n");
    assertThat(wrongGroup.errors()).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("kind");
      assertThat(e.message()).contains("unsupported kind PeerAuthentication in apiVersion networking.istio.io/v1")
          .contains("PeerAuthentication (security.istio.io)");
    });
  }

  /** spec: {} (allow nothing), rules: [] (nothing either, but written) and rules: [{}] (allow all) stay apart. */
  @Test
  void absentEmptyAndEmptyRuleAreDistinctAndSurviveAWriteAndRead() {
    var absent = one(ap("v1", "{}")).as(AuthorizationPolicy.class).spec();
    var empty = one(ap("v1", "{rules: []}")).as(AuthorizationPolicy.class).spec();
    var allowAll = one(ap("v1", "{rules: [{}]}")).as(AuthorizationPolicy.class).spec();
    assertThat(absent.rules()).isNull();
    assertThat(absent.rulesOrEmpty()).isEmpty();
    assertThat(empty.rules()).isEmpty();
    assertThat(allowAll.rules()).singleElement().satisfies(r -> {
      assertThat(r.from()).isNull();
      assertThat(r.to()).isNull();
      assertThat(r.when()).isEmpty();
    });
    assertThat(absent).isNotEqualTo(empty);
    assertThat(empty).isNotEqualTo(allowAll);
    for (String spec : new String[] {"{}", "{rules: []}", "{rules: [{}]}", "{rules: [{from: [], to: []}]}"}) {
      var o = one(ap("v1", spec));
      var again = one(ConfigCodec.toYaml(o));
      assertThat(again.spec()).as(spec).isEqualTo(o.spec());
    }
    assertThat(ConfigCodec.toYaml(one(ap("v1", "{rules: []}")))).contains("rules: []");
    assertThat(ConfigCodec.toYaml(one(ap("v1", "{rules: [{}]}")))).contains("- {}");
  }

  @Test
  void fromAndToKeepPresence() {
    var rule = one(ap("v1", "{rules: [{from: [], to: [{operation: {ports: [\"80\"]}}]}]}")).as(AuthorizationPolicy.class)
        .spec().rules().get(0);
    assertThat(rule.from()).isEmpty();
    assertThat(rule.fromOrEmpty()).isEmpty();
    assertThat(rule.to()).hasSize(1);
  }

  @Test
  void peerAuthenticationPortsAreNumbersAndAnEmptyMapIsKept() {
    var pa = one("""
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: finance, namespace: foo}
        spec:
          selector: {matchLabels: {app: finance}}
          mtls: {mode: PERMISSIVE}
          portLevelMtls:
            8080: {mode: DISABLE}
        """).as(PeerAuthentication.class).spec();
    assertThat(pa.mtls().mode()).isEqualTo(Mode.PERMISSIVE);
    assertThat(pa.portLevelMtls()).containsOnlyKeys(8080);
    assertThat(pa.portLevelMtls().get(8080).modeOrUnset()).isEqualTo(Mode.DISABLE);
    var empty = one("apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata: {name: x}\nspec: {portLevelMtls: {}}\n");
    assertThat(empty.as(PeerAuthentication.class).spec().portLevelMtls()).isEmpty();
    assertThat(ConfigCodec.toYaml(empty)).contains("portLevelMtls: {}");
    assertThat(one("apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: x}\nspec: {}\n")
        .as(PeerAuthentication.class).spec().portLevelMtls()).isNull();
  }

  @Test
  void badValuesAreExplainedWithTheirPath() {
    var d = codec.decode("x.yaml", """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: a}
        spec: {mtls: {mode: ENFORCE}}
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: b}
        spec: {selector: {matchLabels: {app: a}}, portLevelMtls: {http: {mode: STRICT}}}
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: c}
        spec: {action: REJECT}
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: d}
        spec: {rules: [{from: [{source: {principal: [a]}}]}]}
        """);
    assertThat(d.objects()).isEmpty();
    assertThat(d.errors()).hasSize(4);
    assertThat(d.errors().get(0).field()).isEqualTo("spec.mtls.mode");
    assertThat(d.errors().get(0).message()).contains("\"ENFORCE\"").contains("UNSET, DISABLE, PERMISSIVE, STRICT");
    assertThat(d.errors().get(1).field()).startsWith("spec.portLevelMtls");
    assertThat(d.errors().get(1).message()).contains("\"http\"").contains("integer");
    assertThat(d.errors().get(2).field()).isEqualTo("spec.action");
    assertThat(d.errors().get(2).message()).contains("ALLOW, DENY, AUDIT, CUSTOM");
    assertThat(d.errors().get(3).field()).isEqualTo("spec.rules[0].from[0].source.principal");
    assertThat(d.errors().get(3).message()).contains("unknown field \"principal\"").contains("principals");
  }

  @Test
  void nullEntriesAreRefused() {
    var d = codec.decode("x.yaml", ap("v1", "{rules: [null]}"));
    assertThat(d.objects()).isEmpty();
    assertThat(d.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("rules has an empty (null) entry"));
  }

  @Test
  void requestAuthenticationFieldsAndTheJwksUriSpellings() {
    var ra = one("""
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata: {name: jwt, namespace: foo}
        spec:
          selector: {matchLabels: {app: httpbin}}
          jwtRules:
          - issuer: issuer-foo
            jwks_uri: https://example.com/.well-known/jwks.json
            audiences: [bookstore]
            fromHeaders: [{name: x-jwt-assertion, prefix: "Bearer "}]
            fromParams: [my_token]
            fromCookies: [session]
            outputPayloadToHeader: x-jwt-payload
            forwardOriginalToken: true
            outputClaimToHeaders: [{header: x-sub, claim: sub}]
            timeout: 5s
            spaceDelimitedClaims: [scope]
        """).as(RequestAuthentication.class).spec();
    var rule = ra.jwtRules().get(0);
    assertThat(rule.jwksUri()).isEqualTo("https://example.com/.well-known/jwks.json");
    assertThat(rule.fromHeaders().get(0).prefix()).isEqualTo("Bearer ");
    assertThat(rule.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(rule.outputClaimToHeaders().get(0).claim()).isEqualTo("sub");
    assertThat(rule.spaceDelimitedClaims()).containsExactly("scope");
  }
}

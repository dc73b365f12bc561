package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.model.JwksKeys;
import dev.rigging.istiod.model.MeshSettings;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.security.AuthzExplainer;
import dev.rigging.istiod.security.Explanation;
import dev.rigging.istiod.security.Explanation.Decision;
import dev.rigging.istiod.security.PathNormalizer;
import dev.rigging.istiod.security.RequestFacts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Simulation tests of authorization: Istio config in, then which decision a given request gets on
 * a given port, computed from the very compiled rules the inbound listeners are made from
 * ({@link InboundSecurity}), as {@code /debug/authz/explain} computes it. They pin Istio's
 * semantics: evaluation order, allow-nothing and allow-all, HTTP fields on TCP ports, escaping,
 * hosts, repeated headers, normalized paths, root-namespace policies, JWT and CUSTOM.
 */
class AuthorizationSimulationTest {
  private static final String REGISTRY = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: api, namespace: shop}
      spec:
        hosts: [api.shop.svc.cluster.local]
        addresses: [10.96.0.30]
        location: MESH_INTERNAL
        resolution: STATIC
        ports:
        - {number: 80, name: http, protocol: HTTP, targetPort: 8080}
        - {number: 6379, name: tcp-cache, protocol: TCP}
        endpoints:
        - {address: 10.1.0.30, labels: {app: api}, serviceAccount: api}
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: greeter, namespace: shop}
      spec:
        hosts: [greeter.shop.svc.cluster.local]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 50051, name: grpc, protocol: GRPC}]
        endpoints:
        - {address: 10.1.0.50, labels: {app: greeter}, serviceAccount: greeter}
      """;
  private static final Proxy API = TestMesh.sidecar("shop", "10.1.0.30", Map.of("app", "api"));
  private static final Proxy GREETER = TestMesh.proxyless("shop", "10.1.0.50", Map.of("app", "greeter"));
  private static final String WEB = "spiffe://cluster.local/ns/shop/sa/web";
  private static final String OTHER = "spiffe://cluster.local/ns/other/sa/web";

  private static PushContext push(String policies) {
    return push(policies, MeshSettings.DEFAULT, JwksKeys.NONE);
  }

  private static PushContext push(String policies, MeshSettings mesh, JwksKeys jwks) {
    String yaml = policies.isBlank() ? REGISTRY : REGISTRY + "---\n" + policies;
    return TestMesh.push(TestMesh.decode("config.yaml", yaml), mesh, Map.of(), jwks);
  }

  private static RequestFacts http(String principal, String method, String path, Map<String, List<String>> headers) {
    return new RequestFacts(principal == null ? null : List.of(principal), "10.1.0.40", "10.1.0.40", "10.1.0.30",
        8080, "", merged(headers, method), PathNormalizer.normalize(path, MeshSettings.DEFAULT.pathNormalization()),
        null);
  }

  private static Map<String, List<String>> merged(Map<String, List<String>> headers, String method) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>(headers);
    out.putIfAbsent(":authority", List.of("api.shop.svc.cluster.local"));
    out.put(":method", List.of(method));
    return out;
  }

  private static RequestFacts tcp(String principal) {
    return new RequestFacts(principal == null ? null : List.of(principal), "10.1.0.40", "10.1.0.40", "10.1.0.30",
        6379, "", Map.of(), null, null);
  }

  private static Explanation explain(PushContext push, Proxy proxy, int port, RequestFacts facts,
      AuthzExplainer.Token token) {
    InboundSecurity.PortSecurity s = InboundSecurity.forPort(push, proxy, port).orElseThrow();
    return AuthzExplainer.explain(s.authorization(), s.jwtProviders(), facts, token);
  }

  private static Decision decide(PushContext push, RequestFacts facts) {
    return explain(push, API, facts.destinationPort(), facts, null).decision();
  }

  @Test
  void withoutPolicyEverythingIsAllowed() {
    PushContext push = push("");
    assertThat(decide(push, http(null, "GET", "/", Map.of()))).isEqualTo(Decision.ALLOW);
    assertThat(decide(push, tcp(null))).isEqualTo(Decision.ALLOW);
  }

  @Test
  void anEmptySpecAllowsNothingAndAnEmptyRuleAllowsEverything() {
    PushContext nothing = push("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: nothing, namespace: shop}
        spec: {}
        """);
    assertThat(decide(nothing, http(WEB, "GET", "/", Map.of()))).isEqualTo(Decision.DENY);
    assertThat(decide(nothing, tcp(WEB))).isEqualTo(Decision.DENY);
    PushContext everything = push("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: everything, namespace: shop}
        spec:
          rules: [{}]
        """);
    assertThat(decide(everything, http(null, "GET", "/", Map.of()))).isEqualTo(Decision.ALLOW);
    assertThat(decide(everything, tcp(null))).isEqualTo(Decision.ALLOW);
  }

  @Test
  void denyIsEvaluatedBeforeAllow() {
    PushContext push = push("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: allow-web, namespace: shop}
        spec:
          rules: [{from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]}]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: deny-admin, namespace: shop}
        spec:
          action: DENY
          rules: [{to: [{operation: {paths: ["/admin*"]}}]}]
        """);
    assertThat(decide(push, http(WEB, "GET", "/public", Map.of()))).isEqualTo(Decision.ALLOW);
    Explanation e = explain(push, API, 8080, http(WEB, "GET", "/admin/x", Map.of()), null);
    assertThat(e.decision()).isEqualTo(Decision.DENY);
    assertThat(e.decidedBy().rbacName()).isEqualTo("ns[shop]-policy[deny-admin]-rule[0]");
    assertThat(decide(push, http(OTHER, "GET", "/public", Map.of()))).isEqualTo(Decision.DENY);
  }

  @Test
  void onATcpPortAnAllowRuleWithHttpFieldsIsDroppedAndADenyRuleIsWidened() {
    PushContext allow = push("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: get-only, namespace: shop}
        spec:
          rules:
          - from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]
            to: [{operation: {methods: [GET]}}]
        """);
    assertThat(decide(allow, http(WEB, "GET", "/", Map.of()))).isEqualTo(Decision.ALLOW);
    Explanation onTcp = explain(allow, API, 6379, tcp(WEB), null);
    assertThat(onTcp.decision()).as("the ALLOW rule cannot be checked: it allows nothing").isEqualTo(Decision.DENY);
    assertThat(onTcp.notes()).anySatisfy(n -> assertThat(n).contains("shop/get-only rules[0] dropped on a TCP port"));
    PushContext deny = push("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: no-web-admin, namespace: shop}
        spec:
          action: DENY
          rules:
          - from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]
            to: [{operation: {paths: [/admin]}}]
        """);
    assertThat(decide(deny, http(WEB, "GET", "/public", Map.of()))).isEqualTo(Decision.ALLOW);
    assertThat(decide(deny, http(WEB, "GET", "/admin", Map.of()))).isEqualTo(Decision.DENY);
    assertThat(decide(deny, tcp(WEB))).as("the DENY rule without its path: denies more").isEqualTo(Decision.DENY);
    assertThat(decide(deny, tcp(OTHER))).isEqualTo(Decision.ALLOW);
  }

  @Test
  void literalIdentityPartsAreEscaped() {
    PushContext push = push("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: from-dotted, namespace: shop}
        spec:
          rules:
          - from: [{source: {namespaces: [team.a]}}]
          - from: [{source: {serviceAccounts: [ops/deploy.bot]}}]
        """);
    assertThat(decide(push, http("spiffe://cluster.local/ns/team.a/sa/x", "GET", "/", Map.of())))
        .isEqualTo(Decision.ALLOW);
    assertThat(decide(push, http("spiffe://cluster.local/ns/teamXa/sa/x", "GET", "/", Map.of())))
        .as("a dot in a namespace is not 'any character'").isEqualTo(Decision.DENY);
    assertThat(decide(push, http("spiffe://cluster.local/ns/ops/sa/deploy.bot", "GET", "/", Map.of())))
        .isEqualTo(Decision.ALLOW);
    assertThat(decide(push, http("spiffe://cluster.local/ns/ops/sa/deployXbot", "GET", "/", Map.of())))
        .isEqualTo(Decision.DENY);
  }

  @Test
  void hostsMatchInAnyCase() {
    PushContext push = push("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: no-admin-host, namespace: shop}
        spec:
          action: DENY
          rules: [{to: [{operation: {hosts: [admin.example.com]}}]}]
        """);
    assertThat(decide(push, http(null, "GET", "/", Map.of(":authority", List.of("ADMIN.Example.com")))))
        .isEqualTo(Decision.DENY);
    assertThat(decide(push, http(null, "GET", "/", Map.of(":authority", List.of("www.example.com")))))
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void headerConditionsHoldAgainstEveryValueOfARepeatedHeader() {
    PushContext push = push("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: admins, namespace: shop}
        spec:
          rules: [{when: [{key: "request.headers[x-role]", values: ["admin*"]}]}]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: no-guests, namespace: shop}
        spec:
          action: DENY
          rules: [{when: [{key: "request.headers[x-user]", values: [guest]}]}]
        """);
    assertThat(decide(push, http(null, "GET", "/", Map.of("x-role", List.of("admin-eu"))))).isEqualTo(Decision.ALLOW);
    assertThat(decide(push, http(null, "GET", "/", Map.of("x-role", List.of("admin", "evil")))))
        .as("an ALLOW value must hold for every value").isEqualTo(Decision.DENY);
    assertThat(decide(push, http(null, "GET", "/", Map.of("x-role", List.of("admin"), "x-user",
        List.of("alice", "guest"))))).as("a DENY value matches any single value").isEqualTo(Decision.DENY);
    assertThat(decide(push, http(null, "GET", "/", Map.of("x-role", List.of("admin"), "x-user",
        List.of("guests"))))).isEqualTo(Decision.ALLOW);
  }

  @Test
  void theAuthorizedPathIsTheNormalizedPath() {
    PushContext push = push("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: no-admin, namespace: shop}
        spec:
          action: DENY
          rules: [{to: [{operation: {paths: ["/admin*"]}}]}]
        """);
    for (String bypass : List.of("/public/../admin", "/public/%2e%2e/admin", "/./admin", "/admin#fragment",
        "/admin?x=1", "/public\\..\\admin", "/%61dmin")) {
      assertThat(decide(push, http(null, "GET", bypass, Map.of()))).as(bypass).isEqualTo(Decision.DENY);
    }
    assertThat(decide(push, http(null, "GET", "/public/admin", Map.of()))).isEqualTo(Decision.ALLOW);
  }

  @Test
  void rootNamespacePoliciesApplyToTheWholeMesh() {
    PushContext push = push("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: mesh-deny-other, namespace: istio-system}
        spec:
          action: DENY
          rules: [{from: [{source: {namespaces: [other]}}]}]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: elsewhere, namespace: billing}
        spec: {}
        """);
    assertThat(decide(push, http(OTHER, "GET", "/", Map.of()))).isEqualTo(Decision.DENY);
    assertThat(decide(push, http(WEB, "GET", "/", Map.of()))).as("billing's policy is not shop's")
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void aTokenIsOptionalUnlessAPolicyRequiresOneAndKeysThatFailedToFetchVerifyNothing() {
    String policies = """
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata: {name: jwt, namespace: shop}
        spec:
          jwtRules:
          - {issuer: https://good.example.com, jwksUri: https://good.example.com/jwks.json}
          - {issuer: https://down.example.com, jwksUri: https://down.example.com/jwks.json}
        """;
    JwksKeys keys = new JwksKeys(Map.of(
        new JwksKeys.Source("https://good.example.com", "https://good.example.com/jwks.json"),
        JwksKeys.Result.ok("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}"),
        new JwksKeys.Source("https://down.example.com", "https://down.example.com/jwks.json"),
        JwksKeys.Result.failed("GET https://down.example.com/jwks.json answered 503")));
    PushContext optional = push(policies, MeshSettings.DEFAULT, keys);
    RequestFacts request = http(null, "GET", "/", Map.of());
    assertThat(explain(optional, API, 8080, request, null).decision()).as("no token: no identity, passes")
        .isEqualTo(Decision.ALLOW);
    Explanation down = explain(optional, API, 8080, request,
        new AuthzExplainer.Token(Map.of("iss", "https://down.example.com", "sub", "alice"), false));
    assertThat(down.decision()).isEqualTo(Decision.DENY);
    assertThat(down.reason()).contains("401").contains("answered 503");
    assertThat(explain(optional, API, 8080, request, new AuthzExplainer.Token(Map.of(), true)).decision())
        .isEqualTo(Decision.DENY);
    PushContext required = push(policies + """
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: need-token, namespace: shop}
        spec:
          rules: [{from: [{source: {requestPrincipals: ["https://good.example.com/*"]}}]}]
        """, MeshSettings.DEFAULT, keys);
    assertThat(explain(required, API, 8080, request, null).decision()).isEqualTo(Decision.DENY);
    assertThat(explain(required, API, 8080, request,
        new AuthzExplainer.Token(Map.of("iss", "https://good.example.com", "sub", "alice"), false)).decision())
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void aProxylessServerDropsAllowRulesOnJwtAndWidensDenyRules() {
    PushContext push = push("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: need-token, namespace: shop}
        spec:
          rules:
          - from: [{source: {requestPrincipals: ["*"]}}]
          - from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: no-guest-claims, namespace: shop}
        spec:
          action: DENY
          rules:
          - from: [{source: {principals: [cluster.local/ns/other/sa/web]}}]
            when: [{key: "request.auth.claims[role]", values: [guest]}]
        """);
    RequestFacts web = new RequestFacts(List.of(WEB), "10.1.0.40", "10.1.0.40", "10.1.0.50", 50051, "",
        Map.of(":method", List.of("POST")), "/reviews.Reviews/GetReview", null);
    Explanation e = explain(push, GREETER, 50051, web, null);
    assertThat(e.decision()).isEqualTo(Decision.ALLOW);
    assertThat(e.decidedBy().rbacName()).isEqualTo("ns[shop]-policy[need-token]-rule[1]");
    assertThat(e.notes()).anySatisfy(n -> assertThat(n).contains("need-token rules[0] dropped"));
    RequestFacts other = new RequestFacts(List.of(OTHER), "10.1.0.40", "10.1.0.40", "10.1.0.50", 50051, "",
        Map.of(":method", List.of("POST")), "/reviews.Reviews/GetReview", null);
    Explanation denied = explain(push, GREETER, 50051, other, null);
    assertThat(denied.decision()).isEqualTo(Decision.DENY);
    assertThat(denied.decidedBy().policy()).as("the claim is left out: the DENY matches more")
        .isEqualTo("shop/no-guest-claims");
  }

  @Test
  void aCustomPolicyWhoseProviderIsUnknownDeniesWhatItMatches() {
    PushContext push = push("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: ext, namespace: shop}
        spec:
          action: CUSTOM
          provider: {name: missing}
          rules: [{to: [{operation: {paths: ["/private*"]}}]}]
        """);
    Explanation e = explain(push, API, 8080, http(WEB, "GET", "/private/x", Map.of()), null);
    assertThat(e.decision()).isEqualTo(Decision.DENY);
    assertThat(e.reason()).contains("not defined in MeshConfig extensionProviders");
    assertThat(decide(push, http(WEB, "GET", "/public", Map.of()))).isEqualTo(Decision.ALLOW);
  }

  @Test
  void aGatewayEnforcesThePoliciesSelectingIt() {
    PushContext push = push("""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: public, namespace: istio-system}
        spec:
          selector: {istio: ingressgateway}
          servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [api.example.com]}]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: ingress, namespace: istio-system}
        spec:
          selector: {matchLabels: {istio: ingressgateway}}
          rules: [{from: [{source: {remoteIpBlocks: [203.0.113.0/24]}}]}]
        """);
    Proxy gateway = TestMesh.router("istio-system", "10.0.9.1", Map.of("istio", "ingressgateway"));
    RequestFacts inside = new RequestFacts(null, "10.0.0.1", "203.0.113.7", "10.0.9.1", 80, "",
        Map.of(":method", List.of("GET")), "/", null);
    RequestFacts outside = new RequestFacts(null, "10.0.0.1", "198.51.100.1", "10.0.9.1", 80, "",
        Map.of(":method", List.of("GET")), "/", null);
    assertThat(explain(push, gateway, 80, inside, null).decision()).isEqualTo(Decision.ALLOW);
    assertThat(explain(push, gateway, 80, outside, null).decision()).isEqualTo(Decision.DENY);
    assertThat(InboundSecurity.forPort(push, gateway, 81)).as("no server on 81").isEmpty();
  }
}

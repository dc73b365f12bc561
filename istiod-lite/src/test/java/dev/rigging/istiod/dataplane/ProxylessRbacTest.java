package dev.rigging.istiod.dataplane;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AuthorizationPolicies enforced by a real proxyless gRPC server ({@code XdsServerBuilder}) that
 * receives its listener, mutual TLS and RBAC filters from istiod-lite, observed on real calls from
 * clients whose certificates istiod-lite's CA issued: the allowed SPIFFE principal gets through and
 * others get PERMISSION_DENIED; DENY overrides ALLOW; rules on {@code /package.Service/Method}
 * paths and on headers; namespace-wide and mesh-wide (root namespace) policies; every edit applied
 * live. Each outcome is also asked of {@code /debug/authz/explain}, which must give the same
 * decision.
 */
@QuarkusTest
@QuarkusTestResource(value = RbacMeshResource.class, restrictToAnnotatedClass = true)
class ProxylessRbacTest {
  private static final String XDS = "127.0.0.1:25010";
  private static final String METHOD = "/reviews.Reviews/GetReview";
  private static final Map<String, List<String>> NONE = Map.of();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static XdsBackend greeter;
  private static XdsClient frontend;
  private static XdsClient stranger;
  private static XdsClient ops;

  @BeforeAll
  static void start() throws Exception {
    greeter = new XdsBackend("greeter", MtlsMeshResource.port(), XDS, "greeter-1", "shop",
        Map.of("app", "greeter"), MtlsMeshResource.identity("shop", "greeter", "greeter-1", Map.of("app", "greeter")));
    CompletableFuture.runAsync(greeter::start).get(30, TimeUnit.SECONDS);
    frontend = client("shop", "frontend");
    stranger = client("shop", "stranger");
    ops = client("ops", "admin");
  }

  private static XdsClient client(String namespace, String serviceAccount) {
    String pod = serviceAccount + "-1";
    Map<String, String> labels = Map.of("app", serviceAccount);
    return new XdsClient(XDS, MtlsMeshResource.TARGET, pod, namespace, labels,
        MtlsMeshResource.identity(namespace, serviceAccount, pod, labels), true);
  }

  @AfterAll
  static void stop() {
    ops.close();
    stranger.close();
    frontend.close();
    greeter.close();
  }

  /** Every test starts from the base policy alone, in force. */
  @BeforeEach
  void basePolicy() {
    expect(frontend, NONE, Status.Code.OK);
    expect(stranger, NONE, Status.Code.PERMISSION_DENIED);
  }

  @AfterEach
  void restore() throws IOException {
    for (String f : new String[] {"deny.yaml", "namespace.yaml", "mesh-wide.yaml"}) {
      Files.deleteIfExists(MtlsMeshResource.dir().resolve(f));
    }
    MtlsMeshResource.write("allow.yaml", RbacMeshResource.ALLOW);
    expect(stranger, NONE, Status.Code.PERMISSION_DENIED);
    expect(ops, NONE, Status.Code.PERMISSION_DENIED);
    expect(frontend, NONE, Status.Code.OK);
  }

  @Test
  void theAllowedPrincipalGetsThroughAndAnotherIsDenied() {
    assertThat(frontend.callWithValues("hello", NONE, 5_000)).isEqualTo("greeter spiffe://cluster.local/ns/shop/sa/frontend");
    assertThatDenied(stranger, NONE);
    assertThatDenied(ops, NONE);
    JsonNode allowed = explain("cluster.local/ns/shop/sa/frontend", NONE);
    assertThat(allowed.path("decision").asText()).isEqualTo("ALLOW");
    assertThat(allowed.path("decidedBy").path("rbacName").asText())
        .isEqualTo("ns[shop]-policy[greeter-allow]-rule[0]");
    assertThat(allowed.path("destination").path("enforcedBy").asText()).isEqualTo("GRPC");
    JsonNode denied = explain("cluster.local/ns/shop/sa/stranger", NONE);
    assertThat(denied.path("decision").asText()).isEqualTo("DENY");
    assertThat(denied.path("reason").asText()).contains("none of their rules matched");
  }

  @Test
  void denyOverridesAllowOnAHeader() {
    MtlsMeshResource.write("deny.yaml", """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: no-evil, namespace: shop}
        spec:
          selector: {matchLabels: {app: greeter}}
          action: DENY
          rules:
          - when: [{key: "request.headers[x-user]", values: [evil]}]
        """);
    expect(frontend, Map.of("x-user", List.of("evil")), Status.Code.PERMISSION_DENIED);
    expect(frontend, Map.of("x-user", List.of("nice")), Status.Code.OK);
    expect(frontend, NONE, Status.Code.OK);
    // a repeated header cannot hide the denied value behind another one
    expect(frontend, Map.of("x-user", List.of("nice", "evil")), Status.Code.PERMISSION_DENIED);
    expect(frontend, Map.of("x-user", List.of("evil-twin", "nice")), Status.Code.OK);
    JsonNode e = explain("cluster.local/ns/shop/sa/frontend", Map.of("x-user", List.of("evil")));
    assertThat(e.path("decidedBy").path("rbacName").asText()).isEqualTo("ns[shop]-policy[no-evil]-rule[0]");
  }

  @Test
  void rulesOnMethodPathsApplyLive() {
    MtlsMeshResource.write("allow.yaml", RbacMeshResource.ALLOW.replace(METHOD, "/reviews.Reviews/ListReviews"));
    expect(frontend, NONE, Status.Code.PERMISSION_DENIED);
    // {*} is one path segment: any method of the service
    MtlsMeshResource.write("allow.yaml", RbacMeshResource.ALLOW.replace(METHOD, "\"/reviews.Reviews/{*}\""));
    expect(frontend, NONE, Status.Code.OK);
    MtlsMeshResource.write("allow.yaml", RbacMeshResource.ALLOW.replace(METHOD, "\"/ratings.Ratings/*\""));
    expect(frontend, NONE, Status.Code.PERMISSION_DENIED);
    MtlsMeshResource.write("allow.yaml", RbacMeshResource.ALLOW.replace(METHOD, "\"/reviews.*\""));
    expect(frontend, NONE, Status.Code.OK);
  }

  @Test
  void aNamespaceWidePolicyAddsCallersAndAMeshWideDenyOverridesIt() {
    MtlsMeshResource.write("namespace.yaml", """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: from-ops, namespace: shop}
        spec:
          rules:
          - from: [{source: {namespaces: [ops]}}]
        """);
    expect(ops, NONE, Status.Code.OK);
    expect(stranger, NONE, Status.Code.PERMISSION_DENIED);
    MtlsMeshResource.write("mesh-wide.yaml", """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: no-ops-admin, namespace: istio-system}
        spec:
          action: DENY
          rules:
          - from: [{source: {principals: [cluster.local/ns/ops/sa/admin]}}]
        """);
    expect(ops, NONE, Status.Code.PERMISSION_DENIED);
    expect(frontend, NONE, Status.Code.OK);
    assertThat(explain("cluster.local/ns/ops/sa/admin", NONE).path("decidedBy").path("policy").asText())
        .isEqualTo("istio-system/no-ops-admin");
  }

  @Test
  void withoutAnyPolicyEveryCallerIsAllowed() throws IOException {
    Files.delete(MtlsMeshResource.dir().resolve("allow.yaml"));
    expect(stranger, NONE, Status.Code.OK);
    expect(ops, NONE, Status.Code.OK);
    assertThat(explain("cluster.local/ns/shop/sa/stranger", NONE).path("reason").asText())
        .contains("no ALLOW policy applies");
  }

  @Test
  void theExplainerAnswersBadInputWithClearErrors() {
    given().contentType("application/json").body("{\"port\": 1, \"destination\": {\"proxyId\": \"x\"}, \"colour\": 1}")
        .post("/debug/authz/explain").then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("colour"));
    given().contentType("application/json").body("{\"destination\": {\"proxyId\": \"greeter-1.shop\"}}")
        .post("/debug/authz/explain").then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("port"));
    given().contentType("application/json").body("{\"port\": 1, \"destination\": {\"proxyId\": \"nobody.shop\"}}")
        .post("/debug/authz/explain").then().statusCode(404)
        .body("error", org.hamcrest.Matchers.containsString("not connected"));
    given().contentType("application/json")
        .body("{\"port\": 1, \"destination\": {\"proxyId\": \"greeter-1.shop\"}, \"request\": {}}")
        .post("/debug/authz/explain").then().statusCode(404)
        .body("error", org.hamcrest.Matchers.containsString("no service declares port 1"));
  }

  /**
   * Waits until a real call gives {@code expected}, then checks that the explainer, asked about
   * the same request, decides the same (its answer comes from the push the server already applies).
   */
  private static void expect(XdsClient client, Map<String, List<String>> headers, Status.Code expected) {
    await().atMost(Duration.ofSeconds(30)).until(() -> outcome(client, headers) == expected);
    String principal = principalOf(client);
    String decision = explain(principal, headers).path("decision").asText();
    assertThat(decision).as("explainer for " + principal + " " + headers)
        .isEqualTo(expected == Status.Code.OK ? "ALLOW" : "DENY");
  }

  private static void assertThatDenied(XdsClient client, Map<String, List<String>> headers) {
    assertThat(outcome(client, headers)).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  private static Status.Code outcome(XdsClient client, Map<String, List<String>> headers) {
    try {
      client.callWithValues("hello", headers, 5_000);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private static String principalOf(XdsClient client) {
    // node id sidecar~IP~POD.NS~NS.svc.cluster.local; pods are named SA-1
    String[] parts = client.nodeId().split("~");
    String pod = parts[2].substring(0, parts[2].lastIndexOf('.'));
    String ns = parts[2].substring(parts[2].lastIndexOf('.') + 1);
    return "cluster.local/ns/" + ns + "/sa/" + pod.substring(0, pod.length() - 2);
  }

  private static JsonNode explain(String principal, Map<String, List<String>> headers) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("source").put("principal", principal);
    body.putObject("destination").put("proxyId", "greeter-1.shop");
    body.put("port", MtlsMeshResource.port());
    ObjectNode request = body.putObject("request").put("path", METHOD);
    ObjectNode h = request.putObject("headers");
    headers.forEach((k, values) -> values.forEach(h.putArray(k)::add));
    String out = given().contentType("application/json").body(body.toString()).post("/debug/authz/explain")
        .then().statusCode(200).extract().asString();
    try {
      return JSON.readTree(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.rigging.istiod.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.keys.CaBundle;
import dev.rigging.ca.keys.SecretCaStore;
import dev.rigging.ca.testing.TestPki;
import dev.rigging.istiod.app.ControlPlane;
import dev.rigging.mesh.crd.Crds;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * istiod-lite's admission webhooks in a cluster. The Fabric8 API server (CRUD mode) holds what
 * {@code rig install} renders — the injector and validator configurations of revision
 * {@code default}, a revision tag pointing at it, and another revision's injector — and
 * {@link ApiServerStandIn} plays the API server's admission chain against it: it reads the
 * configurations istiod-lite maintains there, verifies istiod-lite's certificate against their
 * {@code caBundle}, and sends real AdmissionReviews over HTTPS.
 */
@QuarkusTest
@TestProfile(WebhooksInClusterTest.KubernetesMode.class)
@WithKubernetesTestServer(crud = true, https = false, setup = WebhooksInClusterTest.RigInstall.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhooksInClusterTest {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final List<String> OWNED_MUTATING = List.of("istio-sidecar-injector", "istio-revision-tag-prod");
  private static final List<String> OWNED_VALIDATING = List.of("istio-validator-istio-system",
      "istiod-default-validator");

  @KubernetesTestServer KubernetesServer server;
  @Inject ControlPlane cp;

  /** Kubernetes mode, nothing else changed. */
  public static class KubernetesMode implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("rigging.config.mode", "kubernetes");
    }
  }

  /** What {@code rig install} leaves in the cluster before istiod-lite starts, and the test namespaces. */
  public static class RigInstall implements Consumer<KubernetesServer> {
    @Override
    public void accept(KubernetesServer server) {
      KubernetesClient client = server.getClient();
      for (String yaml : Crds.yaml()) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).item();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
      namespace(client, "istio-system", Map.of());
      namespace(client, "shop", Map.of("istio-injection", "enabled"));
      namespace(client, "tagged", Map.of("istio.io/rev", "prod"));
      namespace(client, "canary", Map.of("istio.io/rev", "canary"));
      namespace(client, "plain", Map.of());
      try (InputStream in = WebhooksInClusterTest.class.getResourceAsStream("/webhook/rig-webhooks.yaml")) {
        for (HasMetadata item : client.load(in).items()) {
          client.resource(item).create();
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private static void namespace(KubernetesClient client, String name, Map<String, String> labels) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
          .endMetadata().build()).create();
    }
  }

  private KubernetesClient client() {
    return server.getClient();
  }

  private ApiServerStandIn apiServer() {
    return new ApiServerStandIn(client(), Map.of("istio-system/istiod", cp.webhooks().port()));
  }

  private String expectedBundle() {
    return Base64.getEncoder().encodeToString(
        Pem.encode(cp.ca().runtime().ca().trustedRoots()).getBytes(StandardCharsets.US_ASCII));
  }

  private Map<String, String> bundles() {
    Map<String, String> out = new HashMap<>();
    for (MutatingWebhookConfiguration m : client().admissionRegistration().v1().mutatingWebhookConfigurations().list()
        .getItems()) {
      for (MutatingWebhook w : m.getWebhooks()) {
        out.put(m.getMetadata().getName() + "/" + w.getName(), String.valueOf(w.getClientConfig().getCaBundle()));
      }
    }
    for (ValidatingWebhookConfiguration v : client().admissionRegistration().v1().validatingWebhookConfigurations()
        .list().getItems()) {
      for (ValidatingWebhook w : v.getWebhooks()) {
        out.put(v.getMetadata().getName() + "/" + w.getName(), String.valueOf(w.getClientConfig().getCaBundle()));
      }
    }
    return out;
  }

  private void awaitBundles(String expected) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Map<String, String> bundles = bundles();
      bundles.forEach((entry, bundle) -> {
        String config = entry.substring(0, entry.indexOf('/'));
        if (OWNED_MUTATING.contains(config) || OWNED_VALIDATING.contains(config)) {
          assertThat(bundle).as("caBundle of %s", entry).isEqualTo(expected);
        } else {
          assertThat(bundle).as("caBundle of %s (another revision's)", entry).isEqualTo("null");
        }
      });
    });
  }

  private static JsonNode yaml(String text) throws Exception {
    return YAML.readTree(text);
  }

  private static JsonNode pod(String name, String namespace, String extraMetadata) throws Exception {
    return yaml("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: %s
          labels: {app: web, version: v1}
        %s
        spec:
          serviceAccountName: web
          containers:
          - name: web
            image: nginx
            ports: [{containerPort: 8080, name: http}]
            readinessProbe: {httpGet: {path: /ready, port: http}}
        """.formatted(name, namespace, extraMetadata.indent(2)));
  }

  private static Map<String, String> env(JsonNode container) {
    Map<String, String> out = new HashMap<>();
    container.path("env").forEach(e -> out.put(e.path("name").asText(), e.has("value") ? e.path("value").asText()
        : e.path("valueFrom").toString()));
    return out;
  }

  private static JsonNode container(JsonNode pod, String list, String name) {
    for (JsonNode c : pod.path("spec").path(list)) {
      if (c.path("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no " + list + " " + name + " in " + pod.toPrettyString());
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path("name").asText()));
    return out;
  }

  @Test
  @Order(1)
  void theCaBundleOfEveryOwnedWebhookIsPatchedAndNoOtherRevisions() {
    awaitBundles(expectedBundle());
  }

  @Test
  @Order(2)
  void podsInLabelledNamespacesComeBackInjectedAsPilotAgentExpects() throws Exception {
    awaitBundles(expectedBundle());
    ApiServerStandIn.Result r = apiServer().createPod("shop", pod("web-1", "shop", ""));
    assertThat(r.allowed()).as("admitted: %s", r.message()).isTrue();
    assertThat(r.called()).containsExactly("istio-sidecar-injector/namespace.sidecar-injector.istio.io");
    JsonNode injected = r.object();

    JsonNode proxy = container(injected, "containers", "istio-proxy");
    assertThat(proxy.path("image").asText()).isEqualTo("docker.io/istio/proxyv2:1.28.1");
    assertThat(proxy.path("args").toString()).contains("\"proxy\",\"sidecar\"");
    Map<String, String> env = env(proxy);
    assertThat(env).containsEntry("CA_ADDR", "istiod.istio-system.svc:15012")
        .containsEntry("PILOT_CERT_PROVIDER", "istiod")
        .containsEntry("ISTIO_META_CLUSTER_ID", "Kubernetes")
        .containsEntry("ISTIO_META_WORKLOAD_NAME", "web-1")
        .containsEntry("ISTIO_META_APP_CONTAINERS", "web")
        .containsEntry("TRUST_DOMAIN", "cluster.local")
        .containsKeys("POD_NAME", "POD_NAMESPACE", "INSTANCE_IP", "SERVICE_ACCOUNT", "ISTIO_META_POD_PORTS",
            "ISTIO_META_MESH_ID", "ISTIO_KUBE_APP_PROBERS");
    assertThat(YAML.readTree(env.get("PROXY_CONFIG")).path("discoveryAddress").asText())
        .isEqualTo("istiod.istio-system.svc:15012");
    assertThat(container(injected, "initContainers", "istio-init").path("args").toString()).contains("istio-iptables");

    assertThat(names(injected.at("/spec/volumes"))).contains("istio-envoy", "istio-data", "istio-podinfo",
        "istio-token", "istiod-ca-cert");
    for (JsonNode v : injected.at("/spec/volumes")) {
      if (v.path("name").asText().equals("istio-token")) {
        assertThat(v.at("/projected/sources/0/serviceAccountToken/audience").asText()).isEqualTo("istio-ca");
      }
      if (v.path("name").asText().equals("istiod-ca-cert")) {
        assertThat(v.at("/configMap/name").asText()).isEqualTo("istio-ca-root-cert");
      }
    }
    JsonNode probe = container(injected, "containers", "web").path("readinessProbe").path("httpGet");
    assertThat(probe.path("path").asText()).isEqualTo("/app-health/web/readyz");
    assertThat(probe.path("port").asInt()).isEqualTo(15020);
    assertThat(injected.at("/metadata/labels/security.istio.io~1tlsMode").asText()).isEqualTo("istio");
    assertThat(YAML.readTree(injected.at("/metadata/annotations/sidecar.istio.io~1status").asText())
        .path("revision").asText()).isEqualTo("default");

    ApiServerStandIn.Result again = apiServer().createPod("shop", injected);
    assertThat(again.allowed()).isTrue();
    assertThat(again.object()).as("injecting an injected pod changes nothing").isEqualTo(injected);
  }

  @Test
  @Order(3)
  void revisionTagsInjectAndOtherRevisionsAndUnlabelledNamespacesAreNotOurs() throws Exception {
    awaitBundles(expectedBundle());
    ApiServerStandIn.Result tagged = apiServer().createPod("tagged", pod("web-2", "tagged", ""));
    assertThat(tagged.allowed()).isTrue();
    assertThat(tagged.called()).containsExactly("istio-revision-tag-prod/rev.namespace.sidecar-injector.istio.io");
    assertThat(names(tagged.object().at("/spec/containers"))).containsExactly("web", "istio-proxy");

    ApiServerStandIn.Result plain = apiServer().createPod("plain", pod("web-3", "plain", ""));
    assertThat(plain.calls()).isEmpty();
    assertThat(plain.object()).isEqualTo(pod("web-3", "plain", ""));

    ApiServerStandIn.Result optedOut = apiServer().createPod("shop",
        pod("web-4", "shop", "annotations: {sidecar.istio.io/inject: \"false\"}"));
    assertThat(optedOut.allowed()).isTrue();
    assertThat(names(optedOut.object().at("/spec/containers"))).containsExactly("web");

    // The canary revision's webhook calls istiod-canary, which this istiod-lite is not.
    ApiServerStandIn.Result canary = apiServer().createPod("canary", pod("web-5", "canary", ""));
    assertThat(canary.calls()).extracting(ApiServerStandIn.Call::service).containsOnly("istio-system/istiod-canary");
  }

  @Test
  @Order(4)
  void grpcAgentPodsGetTheWorkloadAgentAndTheirBootstrap() throws Exception {
    awaitBundles(expectedBundle());
    ApiServerStandIn.Result r = apiServer().createPod("shop",
        pod("grpc-1", "shop", "annotations: {inject.istio.io/templates: grpc-agent}"));
    assertThat(r.allowed()).as("admitted: %s", r.message()).isTrue();
    JsonNode agent = container(r.object(), "containers", "istio-proxy");
    assertThat(agent.path("image").asText()).isEqualTo("ghcr.io/rigging-mesh/workload-agent:1.1.0");
    assertThat(env(container(r.object(), "containers", "web")))
        .containsEntry("GRPC_XDS_BOOTSTRAP", "/etc/istio/proxy/grpc-bootstrap.json");
    assertThat(names(r.object().at("/spec/initContainers"))).doesNotContain("istio-init");
  }

  @Test
  @Order(5)
  void badIstioObjectsAreRefusedWithAnalyzeMessages() throws Exception {
    awaitBundles(expectedBundle());
    ApiServerStandIn.Result bad = apiServer().validate("CREATE", yaml("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews-canary, namespace: shop}
        spec:
          hosts: [reviews.shop.svc.cluster.local]
          http:
          - route:
            - {destination: {host: reviews}, weight: -10}
        """));
    assertThat(bad.allowed()).isFalse();
    assertThat(bad.called()).containsExactly("istiod-default-validator/validation.istio.io");
    assertThat(bad.message()).startsWith("Error [IST0106] (VirtualService shop/reviews-canary")
        .endsWith("Schema validation error: spec.http[0].route[0].weight: weight -10 is negative; must be 0 or more"
            + " (weights are relative shares)");

    ApiServerStandIn.Result good = apiServer().validate("CREATE", yaml("""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: payments, namespace: shop, labels: {istio.io/rev: default}}
        spec:
          hosts: [payments.example.com]
          location: MESH_EXTERNAL
          resolution: DNS
          ports: [{number: 443, name: https, protocol: HTTPS}]
        """));
    assertThat(good.allowed()).as("refused: %s", good.message()).isTrue();
    assertThat(good.called()).containsExactly("istio-validator-istio-system/rev.validation.istio.io");
  }

  @Test
  @Order(6)
  void theServerAnswersAbuseWithClearStatusesAndStaysUp() throws Exception {
    awaitBundles(expectedBundle());
    HttpsTestClient https = new HttpsTestClient(cp.webhooks().port(), cp.ca().runtime().ca().trustedRoots(),
        "istiod.istio-system.svc");
    byte[] review = ApiServerStandIn.request("CREATE", "", "v1", "Pod", "pods", "shop", pod("x", "shop", ""))
        .toString().getBytes(StandardCharsets.UTF_8);

    assertThat(https.post("/inject", "application/json", new byte[0]).status()).isEqualTo(400);
    HttpsTestClient.Response wrongType = https.post("/inject", "text/plain", review);
    assertThat(wrongType.status()).isEqualTo(415);
    assertThat(wrongType.text()).contains("want application/json");
    assertThat(https.post("/inject", null, review).status()).isEqualTo(415);
    HttpsTestClient.Response tooLarge = https.post("/validate", "application/json", new byte[7 * 1024 * 1024]);
    assertThat(tooLarge.status()).isEqualTo(413);
    HttpsTestClient.Response notJson = https.post("/validate", "application/json", "{not json".getBytes());
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.text()).contains("could not decode body");
    assertThat(https.post("/validate", "application/json", ("{\"apiVersion\":\"admission.k8s.io/v1beta1\","
        + "\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"1\"}}").getBytes()).text())
        .contains("expected apiVersion admission.k8s.io/v1");
    assertThat(https.post("/nowhere", "application/json", review).status()).isEqualTo(404);
    assertThat(https.send("GET /inject HTTP/1.1\r\nHost: x\r\n\r\n".getBytes()).status()).isEqualTo(405);
    assertThat(https.send("GARBAGE / NOT-HTTP\r\n\r\n".getBytes()).status()).isEqualTo(400);
    // Not TLS at all: the handshake fails, the connection is closed.
    try (java.net.Socket plain = new java.net.Socket("127.0.0.1", cp.webhooks().port())) {
      plain.setSoTimeout(10_000);
      plain.getOutputStream().write("POST /inject HTTP/1.1\r\n\r\n".getBytes());
      assertThat(plain.getInputStream().readNBytes(64).length).isLessThan(64);
    }
    // Not trusted: a client with other roots refuses istiod-lite's certificate.
    HttpsTestClient stranger = new HttpsTestClient(cp.webhooks().port(),
        List.of(TestPki.rootCa("stranger").root()), "istiod.istio-system.svc");
    // BCJSSE reports the refused certificate as a fatal alert, an IOException.
    org.assertj.core.api.Assertions.assertThatThrownBy(stranger::connect).isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("certificate_unknown");

    HttpsTestClient.Response ok = https.post("/inject", "application/json", review);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(ok.body()).at("/response/allowed").asBoolean()).isTrue();
  }

  @Test
  @Order(7)
  void theCaBundleFollowsARootRotationAndTheNewServingCertificateVerifiesAgainstIt() throws Exception {
    awaitBundles(expectedBundle());
    X509Certificate oldRoot = cp.ca().runtime().ca().activeRoot();
    TestPki.ExternalCa next = TestPki.rootCa("rotated");
    // What a rotation leaves in the store: a new signing root, trusted together with the old one.
    Secret stored = client().secrets().inNamespace("istio-system").withName(SecretCaStore.SECRET_NAME).get();
    Map<String, String> data = new HashMap<>(stored.getData());
    data.put(CaBundle.CA_CERT, b64(Pem.encode(next.root())));
    data.put(CaBundle.CA_KEY, b64(Pem.encode(next.rootKey())));
    data.put(CaBundle.ROOT_CERT, b64(Pem.encode(List.of(next.root(), oldRoot))));
    data.put(CaBundle.CERT_CHAIN, "");
    client().secrets().inNamespace("istio-system").resource(new SecretBuilder(stored).withData(data).build()).update();
    cp.ca().runtime().ca().refresh();

    assertThat(cp.ca().runtime().ca().trustedRoots()).containsExactly(next.root(), oldRoot);
    String bundle = expectedBundle();
    awaitBundles(bundle);
    assertThat(Pem.certificates(new String(Base64.getDecoder().decode(bundle), StandardCharsets.US_ASCII)))
        .containsExactly(next.root(), oldRoot);

    HttpsTestClient https = new HttpsTestClient(cp.webhooks().port(), List.of(next.root()), "istiod.istio-system.svc");
    try (var socket = https.connect()) {
      X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      assertThat(leaf.getIssuerX500Principal()).as("the serving certificate was re-issued by the new root")
          .isEqualTo(next.root().getSubjectX500Principal());
    }
    ApiServerStandIn.Result r = apiServer().createPod("shop", pod("web-6", "shop", ""));
    assertThat(r.allowed()).as("admitted after rotation: %s", r.message()).isTrue();
    assertThat(names(r.object().at("/spec/containers"))).contains("istio-proxy");
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }
}

package dev.rigging.fips;

import dev.rigging.ca.testing.TokenReviews;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.ca.crypto.Pem;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * {@code HttpsApiServer} is a Kubernetes API server for the variants' Kubernetes mode: Fabric8's
 * mock server over HTTPS, in CRUD mode (objects persist, lists and watches work), with the Istio CRDs
 * of mesh-core installed and TokenReview answered like kube-apiserver for tokens of the form
 * {@code valid:NAMESPACE:NAME}.
 *
 * <p>Its certificate is the mock server's own self-signed one for {@code localhost} (made by Netty
 * with the JDK's X.509 code in this JVM, since Bouncy Castle's non-FIPS jars are excluded here). It
 * is test infrastructure: the variant is the TLS client, and only the client side is under test.
 */
final class HttpsApiServer implements AutoCloseable {
  static final Path CRDS_DIR = Path.of(System.getProperty("rigging.crds.dir", "../mesh-core/src/main/resources/crds"));
  static final List<String> NAMESPACES = List.of("istio-system", "default", "shop");
  private static final int CLIENT_TIMEOUT_MS = 60_000;

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private HttpsApiServer(KubernetesMockServer server) {
    this.server = server;
    // Generous timeouts: the build machines are shared, and a first handshake on a loaded machine can
    // take longer than Fabric8's 10 s default.
    this.client = server.createClient(builder -> builder.editOrNewConfig()
        .withConnectionTimeout(CLIENT_TIMEOUT_MS).withRequestTimeout(CLIENT_TIMEOUT_MS).endConfig());
  }

  /** Starts the server on loopback, with the namespaces {@link #NAMESPACES} and the Istio CRDs. */
  static HttpsApiServer start() throws IOException {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), true);
    server.init(InetAddress.getLoopbackAddress(), 0);
    HttpsApiServer api = new HttpsApiServer(server);
    api.answerTokenReviews();
    for (String ns : NAMESPACES) {
      api.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    try (Stream<Path> crds = Files.list(CRDS_DIR)) {
      for (Path file : crds.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd = api.client.apiextensions().v1().customResourceDefinitions().load(in).item();
          api.client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
      }
    }
    return api;
  }

  private void answerTokenReviews() {
    TokenReviews.answer(server.expect());
  }

  /** A client of this test (trusting the server's certificate), to seed and read objects. */
  KubernetesClient client() {
    return client;
  }

  /** The server's certificate (PEM), what a cluster's CA bundle would be. */
  String certificatePem() throws IOException {
    return Files.readString(Path.of(server.getSelfSignedCertificate().certificatePath()), StandardCharsets.US_ASCII);
  }

  /** {@code https://localhost:PORT}, the name the server's certificate carries. */
  String url() {
    return "https://localhost:" + server.getPort();
  }

  /**
   * Writes a kubeconfig as a cloud provider hands it out: the server, its CA as
   * {@code certificate-authority-data}, a bearer token, and {@code istio-system} as the namespace.
   */
  Path writeKubeconfig(Path file, String caPem) throws IOException {
    return writeKubeconfig(file, url(), caPem);
  }

  /** As {@link #writeKubeconfig(Path, String)}, naming the server as {@code server}. */
  Path writeKubeconfig(Path file, String server, String caPem) throws IOException {
    String ca = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
    return Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: istiod
          user:
            token: valid:istio-system:istiod
        contexts:
        - name: mock
          context: {cluster: mock, user: istiod, namespace: istio-system}
        current-context: mock
        """.formatted(server, ca));
  }

  /** The CA root a variant keeps in Secret {@code istio-system/istio-ca-secret}, once it is there (30 s at most). */
  X509Certificate caRoot() throws Exception {
    Secret secret = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
        () -> client.secrets().inNamespace("istio-system").withName("istio-ca-secret").get(),
        s -> s != null && s.getData() != null && s.getData().containsKey("ca-cert.pem"));
    return Pem.certificates(new String(Base64.getDecoder().decode(secret.getData().get("ca-cert.pem")),
        StandardCharsets.US_ASCII)).get(0);
  }

  /** Waits (30 s at most) until ConfigMap {@code istio-ca-root-cert} of every namespace carries {@code root}. */
  void awaitRootPublished(X509Certificate root) {
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      for (String ns : NAMESPACES) {
        ConfigMap cm = client.configMaps().inNamespace(ns).withName("istio-ca-root-cert").get();
        assertThat(cm).as("ConfigMap %s/istio-ca-root-cert", ns).isNotNull();
        assertThat(Pem.certificates(cm.getData().get("root-cert.pem"))).contains(root);
      }
    });
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}

package dev.rigging.fips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.testing.GrpcClients;
import dev.rigging.ca.testing.TestPki;
import dev.rigging.ca.testing.TokenReviews;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.grpc.ManagedChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * istiod-lite's FIPS variant in Kubernetes mode, started through its launcher with {@code KUBECONFIG}
 * naming an HTTPS API server and its CA ({@code certificate-authority-data}), as a managed cluster's
 * kubeconfig does. The variant's Kubernetes client runs on BCJSSE over BC-FIPS in approved-only mode
 * with no JDK provider and no default trust store; it must still keep the CA root in Secret
 * {@code istio-ca-secret}, publish ConfigMap {@code istio-ca-root-cert}, follow Istio objects, and
 * authenticate workloads with TokenReview.
 */
class IstiodLiteVariantKubernetesTest {
  static final Pattern CLIENT_SUITE =
      Pattern.compile("\\[client #\\d+ @\\w+\\] notified of selected cipher suite: (\\S+)");
  static final Pattern CLIENT_PROTOCOL =
      Pattern.compile("\\[client #\\d+ @\\w+\\] notified of selected protocol version: (\\S+)");
  /** What the variant may negotiate with anyone ({@code docs/fips.md}, "TLS"). */
  static final List<String> APPROVED_SUITES = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");

  @TempDir static Path dir;
  static HttpsApiServer api;
  static VariantProcess istiod;
  static int monitoringPort;
  static int tlsPort;
  static int webhookPort;

  @BeforeAll
  static void start() throws Exception {
    Fips.install();
    api = HttpsApiServer.start();
    apply(virtualService("reviews", "reviews.shop.svc.cluster.local"));
    Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"), api.certificatePem());
    monitoringPort = VariantProcess.freePort();
    istiod = startVariant(kubeconfig, monitoringPort);
    tlsPort = Integer.parseInt(istiod.await(Pattern.compile("server=xds-tls listening on [0-9.]+:(\\d+)"),
        Duration.ofSeconds(90)).group(1));
    webhookPort = Integer.parseInt(istiod.await(
        Pattern.compile("webhook server listening on [0-9.]+:(\\d+) \\(HTTPS"), Duration.ofSeconds(60)).group(1));
    istiod.await(Pattern.compile("started in"), Duration.ofSeconds(60));
    istiod.await(Pattern.compile("kubernetes synced: source=kubernetes:" + Pattern.quote(api.url())),
        Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() throws Exception {
    if (istiod != null) {
      istiod.close();
    }
    if (api != null) {
      api.close();
    }
  }

  static VariantProcess startVariant(Path kubeconfig, int monitoring, String... extra) throws Exception {
    return startVariant(Map.of("KUBECONFIG", kubeconfig.toString()), monitoring, extra);
  }

  static VariantProcess startVariant(Map<String, String> env, int monitoring, String... extra) throws Exception {
    List<String> opts = new ArrayList<>(List.of("-Drigging.config.mode=kubernetes",
        "-Drigging.xds.port=" + VariantProcess.freePort(), "-Drigging.monitoring.port=" + monitoring,
        "-Drigging.ca.tls-port=0", "-Drigging.webhook.port=0",
        "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.grpc.server.host=127.0.0.1",
        // BCJSSE's client logs (FINE) name the protocol and suite of each connection the variant opens;
        // in this test its only outgoing TLS is to the API server.
        "-Dquarkus.log.category.\"org.bouncycastle.jsse.provider.ProvTlsClient\".level=DEBUG"));
    opts.addAll(List.of(extra));
    return VariantProcess.start("istiod-lite", env, opts.toArray(String[]::new));
  }

  @Test
  void startsAsAFipsVariantInKubernetesMode() {
    assertThat(istiod.output()).contains("fips required=true selfCheck=passed")
        .contains("providers=[BCFIPS, BCJSSE]").contains("keyStoreType=BCFKS")
        .contains("config source=kubernetes:" + api.url())
        .contains("root in Secret istio-system/istio-ca-secret");
  }

  /**
   * Fabric8 builds the API server's trust in a key store of the default type (BCFKS) after trying
   * the JDK's PKCS12 {@code cacerts}, which BCFKS cannot read: so the cluster CA is the only anchor.
   * docs/fips.md says so; this fails when that stops being true.
   */
  @Test
  void trustsTheClusterCaWithoutTheJdksCacerts() {
    assertThat(istiod.output()).containsPattern(
        "problem with reading default keystore/truststore file \\S*/cacerts - the file won't be loaded");
  }

  @Test
  void talksToTheApiServerOverApprovedTlsOnly() {
    String output = istiod.output();
    assertThat(output).contains("opening connection to localhost:" + api.url().replaceAll(".*:", ""));
    List<String> suites = all(CLIENT_SUITE, output);
    assertThat(suites).isNotEmpty().allSatisfy(s -> assertThat(APPROVED_SUITES).contains(s));
    assertThat(all(CLIENT_PROTOCOL, output)).isNotEmpty().allSatisfy(p -> assertThat(p).isIn("TLSv1.3", "TLSv1.2"));
  }

  @Test
  void keepsTheRootInIstiosSecretAndPublishesItInEveryNamespace() throws Exception {
    api.awaitRootPublished(api.caRoot());
  }

  @Test
  void followsIstioObjectsListedAndWatched() throws Exception {
    Awaitility.await().atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(virtualServices()).contains("shop/reviews"));

    apply(virtualService("ratings", "ratings.shop.svc.cluster.local"));

    Awaitility.await().atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(virtualServices()).contains("shop/reviews", "shop/ratings"));
  }

  @Test
  void authenticatesWorkloadsWithTokenReview() throws Exception {
    ConfigMap cm = api.client().configMaps().inNamespace("shop").withName("istio-ca-root-cert").get();
    assertThat(cm).isNotNull();
    List<X509Certificate> roots = Pem.certificates(cm.getData().get("root-cert.pem"));
    ManagedChannel channel = GrpcClients.tls(tlsPort, roots, null, null);
    TokenReviews.assertReviewedTokenSignedAndForgedRefused(channel);
  }

  /**
   * The API server calls the admission webhooks (Istio's 15017) over TLS: the variant serves them on
   * BCJSSE with its serving certificate, to an approved client only.
   */
  @Test
  void servesAdmissionWebhooksOnApprovedTlsOnly() throws Exception {
    int port = webhookPort;
    ConfigMap cm = api.client().configMaps().inNamespace("istio-system").withName("istio-ca-root-cert").get();
    assertThat(cm).isNotNull();
    KeyStore trust = KeyStore.getInstance("BCFKS", Fips.PROVIDER);
    trust.load(null, null);
    List<X509Certificate> roots = Pem.certificates(cm.getData().get("root-cert.pem"));
    for (int i = 0; i < roots.size(); i++) {
      trust.setCertificateEntry("root-" + i, roots.get(i));
    }

    try (SSLSocket approved = socket(trust, Fips.JSSE_PROVIDER, port)) {
      approved.startHandshake();
      assertThat(approved.getSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(APPROVED_SUITES).contains(approved.getSession().getCipherSuite());
      assertThat(((X509Certificate) approved.getSession().getPeerCertificates()[0]).getSubjectAlternativeNames())
          .anySatisfy(san -> assertThat(san.get(1)).isEqualTo("istiod.istio-system.svc"));
    }
    try (SSLSocket chacha = socket(trust, "SunJSSE", port)) {
      chacha.setEnabledProtocols(new String[] {"TLSv1.3"});
      chacha.setEnabledCipherSuites(new String[] {TlsClients.CHACHA_TLS13});
      assertThatThrownBy(chacha::startHandshake).isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("handshake_failure");
    }
  }

  private static SSLSocket socket(KeyStore trust, String provider, int port) throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", provider);
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS", provider);
    context.init(null, tmf.getTrustManagers(), null);
    return (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
  }

  /**
   * The same variant given a kubeconfig whose CA did not sign the API server's certificate: the
   * client trusts that CA only (not the JDK's {@code cacerts}, not everything), so it refuses the
   * server and the variant does not start.
   */
  @Test
  void refusesAnApiServerItsKubeconfigCaDidNotSign() throws Exception {
    String otherCa = Pem.encode(TestPki.rootCa("not-the-cluster-ca").root());
    Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig-other-ca"), otherCa);
    try (VariantProcess refused = startVariant(kubeconfig, VariantProcess.freePort(),
        "-Dquarkus.kubernetes-client.request-retry-backoff-limit=0")) {
      assertThat(refused.awaitExit(Duration.ofSeconds(120))).isNotZero();
      assertThat(refused.output()).contains("fips required=true selfCheck=passed")
          .contains("certificate_unknown").contains("Unable to construct a valid chain")
          .doesNotContain("started in");
    }
  }

  /**
   * The right CA, but the kubeconfig names the server by an address its certificate (for
   * {@code localhost}) does not carry: the client checks the name, so the variant does not start.
   */
  @Test
  void refusesAnApiServerWhoseCertificateDoesNotNameIt() throws Exception {
    Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig-by-ip"),
        api.url().replace("://localhost:", "://127.0.0.1:"), api.certificatePem());
    try (VariantProcess refused = startVariant(kubeconfig, VariantProcess.freePort(),
        "-Dquarkus.kubernetes-client.request-retry-backoff-limit=0")) {
      assertThat(refused.awaitExit(Duration.ofSeconds(120))).isNotZero();
      assertThat(refused.output()).contains("fips required=true selfCheck=passed")
          .contains("No subject alternative name found matching IP address 127.0.0.1")
          .doesNotContain("started in");
    }
  }

  /**
   * In a pod there is no kubeconfig: Fabric8 takes the API server from {@code KUBERNETES_SERVICE_HOST}
   * and {@code _PORT}, and the CA and token from the service account's files. Their fixed paths
   * ({@code /var/run/secrets/kubernetes.io/serviceaccount/}) are redirected here with Fabric8's
   * {@code KUBERNETES_CERTS_CA_FILE} and {@code KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN}; the trust is
   * built from the CA file as in a pod.
   */
  @Test
  void worksWithInClusterStyleConfiguration() throws Exception {
    Path ca = Files.writeString(dir.resolve("sa-ca.crt"), api.certificatePem());
    Path token = Files.writeString(dir.resolve("sa-token"), "valid:istio-system:istiod");
    Map<String, String> env = Map.of("KUBECONFIG", dir.resolve("no-kubeconfig").toString(),
        "KUBERNETES_SERVICE_HOST", "localhost", "KUBERNETES_SERVICE_PORT", api.url().replaceAll(".*:", ""),
        "KUBERNETES_CERTS_CA_FILE", ca.toString(), "KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN", token.toString(),
        "KUBERNETES_NAMESPACE", "istio-system");
    try (VariantProcess inCluster = startVariant(env, VariantProcess.freePort())) {
      inCluster.await(Pattern.compile("kubernetes synced: source=kubernetes:" + Pattern.quote(api.url())
          + "/? istioObjects=[1-9]"), Duration.ofSeconds(90));
      assertThat(inCluster.output()).contains("fips required=true selfCheck=passed")
          .contains("root in Secret istio-system/istio-ca-secret");
      assertThat(all(CLIENT_SUITE, inCluster.output())).isNotEmpty()
          .allSatisfy(s -> assertThat(APPROVED_SUITES).contains(s));
    }
  }

  private static List<String> virtualServices() throws Exception {
    HttpResponse<String> configz = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitoringPort + "/debug/configz")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(configz.statusCode()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    for (JsonNode o : new ObjectMapper().readTree(configz.body())) {
      if ("VirtualService".equals(o.path("kind").asText())) {
        names.add(o.path("metadata").path("namespace").asText() + "/" + o.path("metadata").path("name").asText());
      }
    }
    return names;
  }

  private static List<String> all(Pattern pattern, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static GenericKubernetesResource virtualService(String name, String host) {
    return Serialization.unmarshal("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: %1$s, namespace: shop}
        spec:
          hosts: [%2$s]
          http:
          - route: [{destination: {host: %2$s}}]
        """.formatted(name, host), GenericKubernetesResource.class);
  }

  private static void apply(GenericKubernetesResource resource) {
    api.client().genericKubernetesResources("networking.istio.io/v1", "VirtualService").inNamespace("shop")
        .resource(resource).create();
  }
}

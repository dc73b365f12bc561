package dev.rigging.istiod.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.rigging.ca.Identity;
import dev.rigging.ca.IssuedChain;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.testing.GrpcClients;
import dev.rigging.ca.testing.TestPki;
import dev.rigging.istiod.app.ControlPlane;
import dev.rigging.mesh.crd.Crds;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Gateway credentials in a cluster: a Gateway server's {@code credentialName} names a Kubernetes
 * Secret, and istiod-lite serves it over SDS on the ADS stream of a gateway that authenticated (with
 * a certificate from the embedded CA, on 15012) as a workload of the Secret's namespace — and to
 * nobody else, whatever the node metadata claims. A change to the Secret is pushed.
 */
@QuarkusTest
@TestProfile(GatewayCredentialsTest.KubernetesMode.class)
@WithKubernetesTestServer(crud = true, https = false, setup = GatewayCredentialsTest.Setup.class)
class GatewayCredentialsTest {
  private static final String NODE_ID = "router~10.0.9.1~istio-ingressgateway-7d9.istio-system~istio-system.svc"
      + ".cluster.local";
  private static final String CERT = "kubernetes://bookinfo-cert";
  private static final String CA = "kubernetes://bookinfo-cert-cacert";

  @KubernetesTestServer KubernetesServer server;
  @Inject ControlPlane cp;
  private final List<AutoCloseable> open = new ArrayList<>();

  /** Kubernetes mode, nothing else changed. */
  public static class KubernetesMode implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("rigging.config.mode", "kubernetes");
    }
  }

  /** The Istio CRDs and the namespaces. */
  public static class Setup implements Consumer<KubernetesServer> {
    @Override
    public void accept(KubernetesServer server) {
      KubernetesClient client = server.getClient();
      for (String yaml : Crds.yaml()) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).item();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
      for (String ns : List.of("istio-system", "shop")) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
            .create();
      }
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    open.clear();
  }

  private KubernetesClient client() {
    return server.getClient();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }

  private void putSecret(String name, TestPki.ExternalCa serving, X509Certificate ca) {
    client().secrets().inNamespace("istio-system").resource(new SecretBuilder()
        .withNewMetadata().withName(name).withNamespace("istio-system").endMetadata()
        .withType("kubernetes.io/tls")
        .addToData("tls.crt", b64(Pem.encode(serving.root())))
        .addToData("tls.key", b64(Pem.encode(serving.rootKey())))
        .addToData("ca.crt", b64(Pem.encode(ca)))
        .build()).createOr(existing -> existing.update());
  }

  private void gateway() {
    GenericKubernetesResource gw = Serialization.unmarshal("""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: public, namespace: istio-system}
        spec:
          selector: {istio: ingressgateway}
          servers:
          - port: {number: 443, name: https, protocol: HTTPS}
            hosts: [bookinfo.example.com]
            tls: {mode: MUTUAL, credentialName: bookinfo-cert}
        """, GenericKubernetesResource.class);
    client().genericKubernetesResources("networking.istio.io/v1", "Gateway").inNamespace("istio-system")
        .resource(gw).createOr(existing -> existing.update());
  }

  private static Node node(String spoofedIdentity) {
    Struct.Builder md = Struct.newBuilder()
        .putFields("NAMESPACE", Value.newBuilder().setStringValue("istio-system").build())
        .putFields("LABELS", Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("istio", Value.newBuilder().setStringValue("ingressgateway").build())).build());
    if (spoofedIdentity != null) {
      md.putFields("RIGGING_VERIFIED_IDENTITY", Value.newBuilder().setStringValue(spoofedIdentity).build());
    }
    return Node.newBuilder().setId(NODE_ID).setMetadata(md).build();
  }

  /** A TLS channel to 15012 presenting a certificate the CA issued to {@code namespace/serviceAccount}. */
  private ManagedChannel mtls(String namespace, String serviceAccount) throws Exception {
    KeyPair keys = TestPki.ec256();
    IssuedChain chain = cp.ca().runtime().ca().sign(TestPki.csr(keys),
        new Identity("cluster.local", namespace, serviceAccount), Duration.ofHours(1));
    ManagedChannel channel = GrpcClients.tls(cp.ca().tlsPort(), cp.ca().runtime().ca().trustedRoots(),
        chain.certificates(), keys.getPrivate());
    open.add(channel::shutdownNow);
    return channel;
  }

  private AdsTestClient ads(ManagedChannel channel, Node node) {
    AdsTestClient c = new AdsTestClient(channel, node, false, false);
    open.add(c);
    c.subscribe(Resources.V3.SECRET_TYPE_URL, List.of(CERT, CA, "kubernetes://missing"));
    return c;
  }

  private static Secret secret(AdsTestClient c, String name) throws Exception {
    Any a = c.resources(Resources.V3.SECRET_TYPE_URL).get(name);
    return a == null ? null : a.unpack(Secret.class);
  }

  @Test
  void credentialsReachTheAuthenticatedGatewayOverSdsAndChangesArePushed() throws Exception {
    TestPki.ExternalCa first = TestPki.rootCa("bookinfo-1");
    X509Certificate clients = TestPki.rootCa("bookinfo-clients").root();
    putSecret("bookinfo-cert", first, clients);
    gateway();

    AdsTestClient gateway = ads(mtls("istio-system", "istio-ingressgateway-service-account"), node(null));
    gateway.subscribe(Resources.V3.LISTENER_TYPE_URL, List.of());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(gateway.resources(Resources.V3.SECRET_TYPE_URL)).containsOnlyKeys(CERT, CA);
      assertThat(gateway.resources(Resources.V3.LISTENER_TYPE_URL)).containsKey("0.0.0.0_443");
    });
    Secret cert = secret(gateway, CERT);
    assertThat(cert.getTlsCertificate().getCertificateChain().getInlineBytes().toStringUtf8())
        .isEqualTo(Pem.encode(first.root()));
    assertThat(cert.getTlsCertificate().getPrivateKey().getInlineBytes().toStringUtf8())
        .isEqualTo(Pem.encode(first.rootKey()));
    assertThat(secret(gateway, CA).getValidationContext().getTrustedCa().getInlineBytes().toStringUtf8())
        .isEqualTo(Pem.encode(clients));
    assertThat(gateway.resources(Resources.V3.LISTENER_TYPE_URL).get("0.0.0.0_443").toString())
        .as("the listener fetches the credential from istiod over ADS").contains(CERT).contains(CA);

    TestPki.ExternalCa renewed = TestPki.rootCa("bookinfo-2");
    putSecret("bookinfo-cert", renewed, clients);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(secret(gateway, CERT).getTlsCertificate().getCertificateChain().getInlineBytes().toStringUtf8())
            .as("the renewed certificate is pushed").isEqualTo(Pem.encode(renewed.root())));

    client().secrets().inNamespace("istio-system").withName("bookinfo-cert").delete();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(gateway.resources(Resources.V3.SECRET_TYPE_URL)).isEmpty());
    assertThat(gateway.nacks()).isZero();
  }

  @Test
  void gatewaysThatDidNotAuthenticateAsTheSecretsNamespaceGetNothingWhateverTheyClaim() throws Exception {
    putSecret("bookinfo-cert", TestPki.rootCa("bookinfo-3"), TestPki.rootCa("clients").root());
    gateway();
    String claimed = "spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account";

    ManagedChannel plaintext = ManagedChannelBuilder.forTarget("127.0.0.1:25010").usePlaintext().build();
    open.add(plaintext::shutdownNow);
    AdsTestClient anonymous = ads(plaintext, node(claimed));
    AdsTestClient otherNamespace = ads(mtls("shop", "web"), node(claimed));
    AdsTestClient authorised = ads(mtls("istio-system", "istio-ingressgateway-service-account"), node(null));

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(authorised.resources(Resources.V3.SECRET_TYPE_URL)).containsOnlyKeys(CERT, CA);
      assertThat(anonymous.receivedCount(Resources.V3.SECRET_TYPE_URL)).isPositive();
      assertThat(otherNamespace.receivedCount(Resources.V3.SECRET_TYPE_URL)).isPositive();
    });
    assertThat(anonymous.resources(Resources.V3.SECRET_TYPE_URL)).as("plaintext, spoofed metadata").isEmpty();
    assertThat(otherNamespace.resources(Resources.V3.SECRET_TYPE_URL)).as("authenticated as shop").isEmpty();
  }
}

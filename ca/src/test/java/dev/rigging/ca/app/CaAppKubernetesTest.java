package dev.rigging.ca.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.keys.RootCertPublisher;
import dev.rigging.ca.keys.SecretCaStore;
import dev.rigging.ca.testing.GrpcClients;
import dev.rigging.ca.testing.TokenReviews;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The standalone app in Kubernetes mode: TokenReview, Secret istio-ca-secret, ConfigMaps in every namespace. */
@QuarkusTest
@TestProfile(KubernetesMode.class)
@WithKubernetesTestServer(crud = true, https = false, setup = MockApiServer.class)
class CaAppKubernetesTest {
  @KubernetesTestServer KubernetesServer apiServer;
  @Inject CaServer server;

  @Test
  void authenticatesWithTokenReviewAndKeepsTheRootInIstiosSecret() throws Exception {
    KubernetesClient client = apiServer.getClient();
    ManagedChannel channel = GrpcClients.tls(server.tlsPort(), server.ca().trustedRoots(), null, null);
    TokenReviews.assertReviewedTokenSignedAndForgedRefused(channel);
    var secret = client.secrets().inNamespace("istio-system").withName(SecretCaStore.SECRET_NAME).get();
    String caCert = new String(Base64.getDecoder().decode(secret.getData().get("ca-cert.pem")), StandardCharsets.US_ASCII);
    assertThat(Pem.certificates(caCert)).containsExactly(server.ca().activeRoot());
  }

  @Test
  void publishesTheRootInEveryNamespace() {
    KubernetesClient client = apiServer.getClient();
    String expected = Pem.encode(server.ca().trustedRoots());

    await().atMost(Duration.ofSeconds(15)).until(() -> List.of("istio-system", "default", "shop").stream().allMatch(ns -> {
      ConfigMap cm = client.configMaps().inNamespace(ns).withName(RootCertPublisher.CONFIG_MAP_NAME).get();
      return cm != null && expected.equals(cm.getData().get(RootCertPublisher.KEY));
    }));
  }
}

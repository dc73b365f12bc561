package dev.rigging.fips;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.testing.GrpcClients;
import dev.rigging.ca.testing.TokenReviews;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone CA's FIPS variant in Kubernetes mode ({@code rigging.ca.mode=kubernetes}), started
 * through its launcher with {@code KUBECONFIG} naming the HTTPS API server and its CA: root in Secret
 * {@code istio-ca-secret}, ConfigMap {@code istio-ca-root-cert} in every namespace, callers
 * authenticated with TokenReview.
 */
class CaVariantKubernetesTest {
  @TempDir static Path dir;
  static HttpsApiServer api;
  static VariantProcess ca;
  static int tlsPort;

  @BeforeAll
  static void start() throws Exception {
    Fips.install();
    api = HttpsApiServer.start();
    Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"), api.certificatePem());
    ca = VariantProcess.start("ca", Map.of("KUBECONFIG", kubeconfig.toString()), "-Drigging.ca.mode=kubernetes",
        "-Drigging.ca.host=127.0.0.1", "-Drigging.ca.port=0", "-Dquarkus.http.host=127.0.0.1",
        "-Dquarkus.http.port=" + VariantProcess.freePort());
    tlsPort = Integer.parseInt(ca.await(Pattern.compile("server=ca-tls listening on 127\\.0\\.0\\.1:(\\d+)"),
        Duration.ofSeconds(90)).group(1));
    ca.await(Pattern.compile("started in"), Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() throws Exception {
    if (ca != null) {
      ca.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void keepsTheRootInIstiosSecretAndPublishesIt() throws Exception {
    assertThat(ca.output()).contains("fips required=true selfCheck=passed")
        .contains("providers=[BCFIPS, BCJSSE]").contains("secret:istio-system/istio-ca-secret");
    api.awaitRootPublished(api.caRoot());
  }

  @Test
  void authenticatesCallersWithTokenReview() throws Exception {
    ManagedChannel channel = GrpcClients.tls(tlsPort, List.of(api.caRoot()), null, null);
    TokenReviews.assertReviewedTokenSignedAndForgedRefused(channel);
  }
}

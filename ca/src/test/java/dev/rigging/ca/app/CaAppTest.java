package dev.rigging.ca.app;

import static dev.rigging.ca.testing.SvidAssertions.assertSvid;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rigging.ca.api.IstioCertificateResponse;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.keys.CaBundle;
import dev.rigging.ca.testing.GrpcClients;
import dev.rigging.ca.testing.TestPki;
import dev.rigging.ca.testing.Tokens;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The standalone app in file mode: real gRPC over TLS and plaintext, metrics and health over HTTP. */
@QuarkusTest
@QuarkusTestResource(FileModeCa.class)
class CaAppTest {
  @Inject CaServer server;
  @ConfigProperty(name = "rigging.ca.dir") Path caDir;
  @ConfigProperty(name = "rigging.ca.jwt.jwks-file") Path jwks;

  String token(String namespace, String serviceAccount) throws Exception {
    return Tokens.sign(Pem.privateKey(Files.readString(jwks.resolveSibling(FileModeCa.SIGNING_KEY))), FileModeCa.KEY_ID,
        FileModeCa.ISSUER, "system:serviceaccount:" + namespace + ":" + serviceAccount, "istio-ca",
        Instant.now().plusSeconds(600));
  }

  @Test
  void signsOverTlsWithItsOwnServingCertificate() throws Exception {
    ManagedChannel channel = GrpcClients.tls(server.tlsPort(), server.ca().trustedRoots(), null, null);
    try {
      IstioCertificateResponse response = GrpcClients.create(channel, TestPki.csr(TestPki.ec256()), 0,
          token("shop", "reviews"), null);

      List<X509Certificate> chain = TestPki.parse(response.getCertChainList());
      assertSvid(chain.get(0), "spiffe://cluster.local/ns/shop/sa/reviews");
      assertThat(chain.get(chain.size() - 1)).isEqualTo(server.ca().activeRoot());
      assertThat(Pem.certificates(Files.readString(caDir.resolve(CaBundle.ROOT_CERT)))).containsExactly(server.ca().activeRoot());
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void thePlaintextPortStillRequiresACredential() throws Exception {
    ManagedChannel channel = GrpcClients.plaintext(server.plaintextPort());
    try {
      assertThatThrownBy(() -> GrpcClients.create(channel, TestPki.csr(TestPki.ec256()), 0, null, null))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
      assertThat(GrpcClients.create(channel, TestPki.csr(TestPki.ec256()), 0, token("shop", "ratings"), null)
          .getCertChainCount()).isEqualTo(2);
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void exportsIstioMetricsAndReadiness() throws Exception {
    ManagedChannel channel = GrpcClients.plaintext(server.plaintextPort());
    try {
      GrpcClients.create(channel, TestPki.csr(TestPki.ec256()), 0, token("shop", "details"), null);
    } finally {
      channel.shutdownNow();
    }

    String metrics = given().get("/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).containsPattern("(?m)^citadel_server_csr_count(\\{[^}]*\\})? [1-9]")
        .containsPattern("(?m)^citadel_server_success_cert_issuance_count(\\{[^}]*\\})? [1-9]")
        .contains("citadel_server_authentication_failure_count")
        .contains("citadel_server_csr_parsing_err_count")
        .contains("citadel_server_root_cert_expiry_timestamp")
        .doesNotContain("citadel_server_csr_count_total")
        // the standard flavour, started in-process without CaMain: not a FIPS variant
        .containsPattern("(?m)^rigging_fips_mode 0\\.0$");
    given().get("/q/health/ready").then().statusCode(200);
  }
}

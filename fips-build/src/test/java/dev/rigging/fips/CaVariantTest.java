package dev.rigging.fips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.testing.GrpcClients;
import dev.rigging.ca.testing.TestPki;
import dev.rigging.ca.testing.Tokens;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA's FIPS variant, started through its launcher: it issues certificates over BCJSSE to approved clients only. */
class CaVariantTest {
  @TempDir static Path dir;
  static Tokens tokens;
  static VariantProcess ca;
  static int tlsPort;
  static int httpPort;
  static List<X509Certificate> roots;

  @BeforeAll
  static void start() throws Exception {
    Fips.install();
    tokens = new Tokens("fips-key", "https://kubernetes.default.svc.cluster.local");
    httpPort = VariantProcess.freePort();
    ca = VariantProcess.start("ca", "-Drigging.ca.mode=file", "-Drigging.ca.dir=" + dir.resolve("ca"),
        "-Drigging.ca.jwt.jwks-file=" + tokens.writeJwks(dir.resolve("jwks.json")), "-Drigging.ca.host=127.0.0.1",
        "-Drigging.ca.port=0", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + httpPort);
    tlsPort = Integer.parseInt(ca.await(Pattern.compile("server=ca-tls listening on 127\\.0\\.0\\.1:(\\d+)"),
        Duration.ofSeconds(90)).group(1));
    ca.await(Pattern.compile("started in"), Duration.ofSeconds(60));
    roots = Pem.certificates(Files.readString(dir.resolve("ca").resolve("root-cert.pem")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (ca != null) {
      ca.close();
    }
  }

  @Test
  void startsAsAFipsVariantAndLogsTheModule() {
    assertThat(ca.output()).contains("fips required=true selfCheck=passed")
        .contains("version=2.1.2").contains("approvedOnly=true").contains("selfTest=READY")
        .contains("providers=[BCFIPS, BCJSSE]").contains("keyStoreType=BCFKS");
  }

  @Test
  void exportsTheFipsModeGaugeAsOne() throws Exception {
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(metrics.body()).containsPattern("(?m)^rigging_fips_mode 1\\.0$");
  }

  @Test
  void anApprovedClientGetsACertificateOverTls13() throws Exception {
    ManagedChannel channel = GrpcClients.tls(tlsPort, roots, null, null);
    try {
      GrpcClients.SessionCapture capture = new GrpcClients.SessionCapture();
      var response = GrpcClients.create(ClientInterceptors.intercept(channel, capture), TestPki.csr(TestPki.ec256()), 0,
          tokens.serviceAccount("default", "app"), null);

      assertThat(response.getCertChainList()).hasSize(2);
      assertThat(TestPki.parse(response.getCertChainList()).get(0).getSubjectAlternativeNames())
          .containsExactly(List.of(6, "spiffe://cluster.local/ns/default/sa/app"));
      assertThat(capture.session.get().getProtocol()).isEqualTo("TLSv1.3");
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void aJdkClientWithAnApprovedSuiteWorksAndOneWithOnlyChaCha20IsRefusedByTheServer() throws Exception {
    ManagedChannel approved = TlsClients.sunJsse(tlsPort, roots, "TLSv1.3", "TLS_AES_256_GCM_SHA384");
    ManagedChannel chacha = TlsClients.sunJsse(tlsPort, roots, "TLSv1.3", TlsClients.CHACHA_TLS13);
    try {
      assertThat(GrpcClients.create(approved, TestPki.csr(TestPki.ec256()), 0, tokens.serviceAccount("default", "app"),
          null).getCertChainList()).hasSize(2);

      assertThatThrownBy(() -> GrpcClients.create(chacha, TestPki.csr(TestPki.ec256()), 0,
          tokens.serviceAccount("default", "app"), null))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(TlsClients.causes(e)).contains("Received fatal alert: handshake_failure");
          });
    } finally {
      approved.shutdownNow();
      chacha.shutdownNow();
    }
  }
}

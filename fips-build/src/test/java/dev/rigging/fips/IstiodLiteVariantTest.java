package dev.rigging.fips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.testing.GrpcClients;
import dev.rigging.ca.testing.TestPki;
import dev.rigging.ca.testing.Tokens;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * istiod-lite's FIPS variant, started through its launcher on the example mesh: xDS and
 * CreateCertificate on its TLS port (15012 in production) through BCJSSE, for approved clients only.
 */
class IstiodLiteVariantTest {
  private static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";

  @TempDir static Path dir;
  static Tokens tokens;
  static VariantProcess istiod;
  static int tlsPort;
  static int monitoringPort;
  static List<X509Certificate> roots;

  @BeforeAll
  static void start() throws Exception {
    Fips.install();
    tokens = new Tokens("fips-key", "https://kubernetes.default.svc.cluster.local");
    monitoringPort = VariantProcess.freePort();
    Path mesh = Path.of(System.getProperty("rigging.examples.dir", "../examples")).resolve("mesh").toAbsolutePath();
    istiod = VariantProcess.start("istiod-lite", "-Drigging.config.dir=" + mesh, "-Drigging.ca.dir=" + dir.resolve("ca"),
        "-Drigging.ca.jwt.jwks-file=" + tokens.writeJwks(dir.resolve("jwks.json")), "-Drigging.ca.tls-port=0",
        "-Drigging.xds.port=" + VariantProcess.freePort(), "-Drigging.monitoring.port=" + monitoringPort,
        "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.grpc.server.host=127.0.0.1");
    tlsPort = Integer.parseInt(istiod.await(Pattern.compile("server=xds-tls listening on [0-9.]+:(\\d+)"),
        Duration.ofSeconds(90)).group(1));
    istiod.await(Pattern.compile("started in"), Duration.ofSeconds(60));
    roots = Pem.certificates(Files.readString(dir.resolve("ca").resolve("root-cert.pem")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (istiod != null) {
      istiod.close();
    }
  }

  @Test
  void startsAsAFipsVariantLogsTheModuleAndExportsTheGauge() throws Exception {
    assertThat(istiod.output()).contains("fips required=true selfCheck=passed").contains("version=2.1.2")
        .contains("providers=[BCFIPS, BCJSSE]");
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitoringPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).containsPattern("(?m)^rigging_fips_mode 1\\.0$");
  }

  @Test
  void servesXdsOverTlsToAnApprovedClient() throws Exception {
    ManagedChannel channel = GrpcClients.tls(tlsPort, roots, null, null);
    try {
      GrpcClients.SessionCapture capture = new GrpcClients.SessionCapture();
      DiscoveryResponse clusters = firstResponse(ClientInterceptors.intercept(channel, capture));

      assertThat(clusters.getTypeUrl()).isEqualTo(CDS);
      assertThat(clusters.getResourcesList()).isNotEmpty()
          .allSatisfy(any -> assertThat(any.is(Cluster.class)).isTrue());
      assertThat(capture.session.get().getProtocol()).isEqualTo("TLSv1.3");
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void issuesCertificatesOnTheSamePort() throws Exception {
    ManagedChannel channel = GrpcClients.tls(tlsPort, roots, null, null, "TLSv1.2");
    try {
      var response = GrpcClients.create(channel, TestPki.csr(TestPki.ec256()), 0,
          tokens.serviceAccount("default", "frontend"), null);

      assertThat(TestPki.parse(response.getCertChainList()).get(0).getSubjectAlternativeNames())
          .containsExactly(List.of(6, "spiffe://cluster.local/ns/default/sa/frontend"));
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void anXdsClientOfferingOnlyNonApprovedSuitesFailsTheHandshake() throws Exception {
    ManagedChannel tls13 = TlsClients.sunJsse(tlsPort, roots, "TLSv1.3", TlsClients.CHACHA_TLS13);
    ManagedChannel tls12 = TlsClients.sunJsse(tlsPort, roots, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    try {
      for (ManagedChannel channel : List.of(tls13, tls12)) {
        assertThatThrownBy(() -> firstResponse(channel)).isInstanceOfSatisfying(ExecutionException.class, e -> {
          assertThat(e.getCause()).isInstanceOf(StatusRuntimeException.class);
          assertThat(((StatusRuntimeException) e.getCause()).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(TlsClients.causes(e)).contains("Received fatal alert: handshake_failure");
        });
      }
    } finally {
      tls13.shutdownNow();
      tls12.shutdownNow();
    }
  }

  /** Opens an ADS stream as a sidecar in {@code default}, asks for every cluster and returns the first answer. */
  private static DiscoveryResponse firstResponse(io.grpc.Channel channel) throws Exception {
    CompletableFuture<DiscoveryResponse> first = new CompletableFuture<>();
    StreamObserver<DiscoveryRequest> requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
        .streamAggregatedResources(new StreamObserver<>() {
          @Override
          public void onNext(DiscoveryResponse response) {
            first.complete(response);
          }

          @Override
          public void onError(Throwable t) {
            first.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            first.completeExceptionally(new IllegalStateException("stream closed without a response"));
          }
        });
    requests.onNext(DiscoveryRequest.newBuilder()
        .setNode(Node.newBuilder().setId("sidecar~127.0.0.1~frontend-1.default~default.svc.cluster.local"))
        .setTypeUrl(CDS).build());
    try {
      return first.get(30, TimeUnit.SECONDS);
    } finally {
      requests.onCompleted();
    }
  }
}

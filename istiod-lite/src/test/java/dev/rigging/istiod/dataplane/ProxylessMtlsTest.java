package dev.rigging.istiod.dataplane;

import static dev.rigging.istiod.dataplane.MtlsMeshResource.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS observed on real calls between proxyless gRPC workloads configured by istiod-lite:
 * a STRICT server (grpc-java {@code XdsServerBuilder}) and clients whose certificates are issued by
 * istiod-lite's own CA to their service-account identity and kept current by the workload agent. grpc-java must accept the
 * TLS contexts (no NACK), handshake with them, check the server's SPIFFE identity, and refuse
 * plaintext.
 */
@QuarkusTest
@QuarkusTestResource(value = MtlsMeshResource.class, restrictToAnnotatedClass = true)
class ProxylessMtlsTest {
  private static final String XDS = "127.0.0.1:25010";
  private static final Map<String, String> NONE = Map.of();
  private static XdsBackend greeter;
  private static XdsClient frontend;
  private static XdsClient plaintext;

  @BeforeAll
  static void start() throws Exception {
    greeter = new XdsBackend("greeter", MtlsMeshResource.port(), XDS, "greeter-1", "shop",
        Map.of("app", "greeter"), MtlsMeshResource.identity("shop", "greeter", "greeter-1", Map.of("app", "greeter")));
    // grpc-java's start() returns only once a usable server listener has arrived.
    CompletableFuture.runAsync(greeter::start).get(30, TimeUnit.SECONDS);
    frontend = new XdsClient(XDS, TARGET, "frontend-1", "shop", Map.of("app", "frontend"),
        MtlsMeshResource.identity("shop", "frontend", "frontend-1", Map.of("app", "frontend")), true);
    // A certificate of its own and the same config, but channel credentials that ignore TLS from xDS.
    plaintext = new XdsClient(XDS, TARGET, "legacy-1", "shop", Map.of("app", "legacy"),
        MtlsMeshResource.identity("shop", "legacy", "legacy-1", Map.of("app", "legacy")), false);
  }

  @AfterAll
  static void stop() {
    plaintext.close();
    frontend.close();
    greeter.close();
  }

  @Test
  void aMeshClientReachesTheStrictServerOverMutualTls() {
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> frontend.call("hello", NONE, 5_000) != null);
    // The server saw the client's certificate: mutual TLS with the identity Istio's CA would issue.
    assertThat(frontend.call("hello", NONE, 5_000)).isEqualTo("greeter spiffe://cluster.local/ns/shop/sa/frontend");
  }

  @Test
  void aClientExpectingAnotherIdentityRefusesTheServer() {
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> frontend.call("hello", NONE, 5_000) != null);
    assertThatThrownBy(() -> frontend.call("hello", Map.of("x-subset", "impostor"), 5_000))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void aPlaintextClientIsRefusedByTheStrictServer() {
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> frontend.call("hello", NONE, 5_000) != null);
    assertThatThrownBy(() -> plaintext.call("hello", NONE, 5_000))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void underPermissiveThePlaintextClientIsAcceptedAndStrictRefusesItAgain() throws Exception {
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> frontend.call("hello", NONE, 5_000) != null);
    // A workload-selected policy outranks the namespace's STRICT one.
    MtlsMeshResource.write("permissive.yaml", """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: greeter-permissive, namespace: shop}
        spec:
          selector: {matchLabels: {app: greeter}}
          mtls: {mode: PERMISSIVE}
        """);
    try {
      // grpc cannot serve TLS and plaintext on one port: a PERMISSIVE server outside the sidecar
      // mesh (no tlsMode label) serves plaintext, as Istio's gRPC generator decides.
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> plaintext.call("hello", NONE, 5_000).equals("greeter plaintext"));
    } finally {
      java.nio.file.Files.delete(MtlsMeshResource.dir().resolve("permissive.yaml"));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      try {
        plaintext.call("hello", NONE, 5_000);
        return false;
      } catch (StatusRuntimeException e) {
        return e.getStatus().getCode() == Status.Code.UNAVAILABLE;
      }
    });
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> frontend.call("hello", NONE, 5_000).equals("greeter spiffe://cluster.local/ns/shop/sa/frontend"));
  }
}

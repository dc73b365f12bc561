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
 * a STRICT server (grpc-java {@code XdsServerBuilder}) and clients whose certificates come from
 * the bootstrap's certificate provider, as Istio's agent sets them up. grpc-java must accept the
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
        Map.of("app", "greeter"), Pki.of("greeter", MtlsMeshResource.scratch("greeter")));
    // grpc-java's start() returns only once a usable server listener has arrived.
    CompletableFuture.runAsync(greeter::start).get(30, TimeUnit.SECONDS);
    frontend = new XdsClient(XDS, TARGET, "frontend-1", "shop", Map.of("app", "frontend"),
        Pki.of("frontend", MtlsMeshResource.scratch("frontend")), true);
    // Same certificates and config, but channel credentials that ignore TLS from xDS: plaintext.
    plaintext = new XdsClient(XDS, TARGET, "legacy-1", "shop", Map.of("app", "legacy"),
        Pki.of("frontend", MtlsMeshResource.scratch("legacy")), false);
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
}

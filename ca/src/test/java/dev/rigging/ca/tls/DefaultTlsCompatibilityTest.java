package dev.rigging.ca.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.rigging.ca.CaConfig;
import dev.rigging.ca.CertificateAuthority;
import dev.rigging.ca.IssuedChain;
import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.Pem;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Fips.install()} makes BCJSSE the JVM's default TLS provider. The Fabric8 client (on Vert.x,
 * as istiod-lite uses it in a cluster) must still reach an API server over TLS, verifying its
 * certificate and host name, on that provider.
 */
class DefaultTlsCompatibilityTest {
  static {
    // As in every entry point: before any TLS context or SecureRandom exists.
    Fips.install();
  }

  @TempDir Path dir;

  @Test
  void theKubernetesClientTalksTlsToAnApiServerOnBcjsse() throws Exception {
    try (CertificateAuthority ca = new CertificateAuthority(CaConfig.builder(new CaConfig.Storage.Directory(dir)).build())) {
      IssuedChain serving = ca.issueServing(List.of("localhost"), Duration.ofHours(1));
      AtomicReference<String> seen = new AtomicReference<>();
      HttpsServer apiServer = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      apiServer.setHttpsConfigurator(new HttpsConfigurator(serverContext(serving)));
      apiServer.createContext("/", exchange -> {
        seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        byte[] body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}"
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(404, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      apiServer.start();
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
          .withMasterUrl("https://localhost:" + apiServer.getAddress().getPort())
          .withCaCertData(Base64.getEncoder().encodeToString(Pem.encode(ca.trustedRoots()).getBytes(StandardCharsets.US_ASCII)))
          .withRequestRetryBackoffLimit(0).build()).build()) {

        assertThat(client.secrets().inNamespace("istio-system").withName("istio-ca-secret").get()).isNull();
        assertThat(seen.get()).isEqualTo("GET /api/v1/namespaces/istio-system/secrets/istio-ca-secret");
        assertThat(SSLContext.getDefault().getProvider().getName()).isEqualTo(Fips.JSSE_PROVIDER);
      } finally {
        apiServer.stop(0);
      }
    }
  }

  private static SSLContext serverContext(IssuedChain serving) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("serving", serving.privateKey().orElseThrow(), new char[0],
        serving.certificates().toArray(Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", Fips.JSSE_PROVIDER);
    kmf.init(keys, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS", Fips.JSSE_PROVIDER);
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }
}

package dev.rigging.ca.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.testing.CaFixture;
import dev.rigging.ca.testing.GrpcClients;
import dev.rigging.ca.testing.SvidAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadAgentTest {
  @TempDir Path dir;
  private CaFixture ca;
  private WorkloadAgent agent;

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (ca != null) {
      ca.close();
    }
  }

  private AgentConfig config(Path token, Duration ttl) throws Exception {
    Path roots = dir.resolve("ca-root.pem");
    Files.writeString(roots, Pem.encode(ca.ca.trustedRoots()));
    return new AgentConfig(token, "127.0.0.1:" + ca.tls.port(), Optional.of(roots), GrpcClients.AUTHORITY,
        CaFixture.LOCAL_CLUSTER, dir.resolve("certs"), Optional.of(dir.resolve("certs/grpc-bootstrap.json")),
        "127.0.0.1:15010", "sidecar~10.1.2.3~reviews-v1.shop~shop.svc.cluster.local", "shop",
        Map.of("app", "reviews"), ttl, Duration.ofSeconds(1));
  }

  @Test
  void writesCertificateKeyRootsAndBootstrapForTheTokensIdentity() throws Exception {
    ca = new CaFixture(dir);
    Path token = Files.writeString(dir.resolve("token"), ca.tokens.serviceAccount("shop", "reviews"));
    agent = WorkloadAgent.start(config(token, Duration.ZERO), Duration.ofSeconds(30));
    AgentConfig c = agent.config();

    List<X509Certificate> chain = Pem.certificates(Files.readString(c.certChainFile()));
    SvidAssertions.assertSvid(chain.get(0), "spiffe://cluster.local/ns/shop/sa/reviews");
    assertThat(chain.get(0)).isEqualTo(agent.certificate());
    assertThat(Pem.certificates(Files.readString(c.rootCertFile()))).containsAll(ca.ca.trustedRoots());
    PrivateKey key = Pem.privateKey(Files.readString(c.keyFile()));
    Signature sign = Signature.getInstance("SHA256withECDSA", "BCFIPS");
    sign.initSign(key);
    sign.update(new byte[] {1, 2, 3});
    byte[] sig = sign.sign();
    Signature verify = Signature.getInstance("SHA256withECDSA", "BCFIPS");
    verify.initVerify(chain.get(0).getPublicKey());
    verify.update(new byte[] {1, 2, 3});
    assertThat(verify.verify(sig)).as("key.pem belongs to the certificate").isTrue();
    assertThat(Files.getPosixFilePermissions(c.keyFile())).containsExactlyInAnyOrder(
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    JsonNode b = new ObjectMapper().readTree(c.bootstrapFile().orElseThrow().toFile());
    assertThat(b.at("/node/id").asText()).isEqualTo("sidecar~10.1.2.3~reviews-v1.shop~shop.svc.cluster.local");
    assertThat(b.at("/node/metadata/GENERATOR").asText()).isEqualTo("grpc");
    assertThat(b.at("/node/metadata/LABELS/app").asText()).isEqualTo("reviews");
    assertThat(b.at("/node/metadata/INSTANCE_IPS").asText()).isEqualTo("10.1.2.3");
    assertThat(b.at("/xds_servers/0/server_uri").asText()).isEqualTo("127.0.0.1:15010");
    assertThat(b.at("/certificate_providers/default/plugin_name").asText()).isEqualTo("file_watcher");
    assertThat(b.at("/certificate_providers/default/config/certificate_file").asText())
        .isEqualTo(c.certChainFile().toAbsolutePath().toString());
    assertThat(b.at("/server_listener_resource_name_template").asText())
        .isEqualTo("xds.istio.io/grpc/lds/inbound/%s");
  }

  @Test
  void renewsAtHalfLifetimeWithoutBeingRestarted() throws Exception {
    ca = new CaFixture(dir);
    Path token = Files.writeString(dir.resolve("token"), ca.tokens.serviceAccount("shop", "reviews"));
    agent = WorkloadAgent.start(config(token, Duration.ofSeconds(16)), Duration.ofSeconds(30));
    X509Certificate first = agent.certificate();
    long lifetime = first.getNotAfter().getTime() - first.getNotBefore().getTime();
    assertThat(agent.nextRenewal().toEpochMilli())
        .isEqualTo(first.getNotBefore().getTime() + lifetime / 2);
    await().atMost(Duration.ofSeconds(30)).until(() -> agent.issued() >= 2);
    X509Certificate second = agent.certificate();
    assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
    assertThat(Pem.certificates(Files.readString(agent.config().certChainFile())).get(0)).isEqualTo(second);
  }

  @Test
  void aTokenTheCaRefusesFailsTheStartWithTheStatus() throws Exception {
    ca = new CaFixture(dir);
    Path token = Files.writeString(dir.resolve("token"), ca.remoteTokens.serviceAccount("shop", "reviews"));
    assertThatThrownBy(() -> WorkloadAgent.start(config(token, Duration.ZERO), Duration.ofSeconds(2)))
        .hasMessageContaining("UNAUTHENTICATED");
  }
}

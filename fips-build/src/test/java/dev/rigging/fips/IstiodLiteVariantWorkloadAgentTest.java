package dev.rigging.fips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ca} module's workload agent, as users' proxyless workloads run it, against istiod-lite's
 * FIPS variant started through its launcher: each agent authenticates with its service-account token
 * (the variant verifies it with the JWKS it was given), has its key signed by the variant's CA on the
 * TLS port, and writes the files grpc's {@code file_watcher} reads. The certificates are the variant's:
 * issued under BC-FIPS approved-only mode, to the token's identity, by the root the variant published.
 */
class IstiodLiteVariantWorkloadAgentTest {
  @TempDir static Path dir;
  static VariantProcess istiod;
  static String variant;
  static Path caRoot;
  static X509Certificate root;
  static Tokens tokens;
  static final List<WorkloadIdentity> identities = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Fips.install();
    tokens = new Tokens("test-key", "https://kubernetes.default.svc.cluster.local");
    istiod = VariantProcess.start("istiod-lite", "-Drigging.config.dir=" + Files.createDirectories(dir.resolve("mesh")),
        "-Drigging.ca.dir=" + dir.resolve("ca"), "-Drigging.ca.jwt.jwks-file=" + tokens.writeJwks(dir.resolve("jwks.json")),
        "-Drigging.ca.tls-port=0", "-Drigging.ca.extra-dns-names=localhost",
        "-Drigging.xds.port=" + VariantProcess.freePort(), "-Drigging.monitoring.port=" + VariantProcess.freePort(),
        "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.grpc.server.host=127.0.0.1");
    int tlsPort = Integer.parseInt(istiod.await(Pattern.compile("server=xds-tls listening on [0-9.]+:(\\d+)"),
        Duration.ofSeconds(90)).group(1));
    istiod.await(Pattern.compile("started in"), Duration.ofSeconds(60));
    variant = "localhost:" + tlsPort;
    // what the variant published, as Istio's ConfigMap istio-ca-root-cert would carry it
    caRoot = dir.resolve("ca").resolve("root-cert.pem");
    List<X509Certificate> roots = Pem.certificates(Files.readString(caRoot, StandardCharsets.US_ASCII));
    assertThat(roots).hasSize(1);
    root = roots.get(0);
    for (String serviceAccount : List.of("frontend", "greeter")) {
      identities.add(WorkloadIdentity.start(tokens, dir.resolve(serviceAccount), variant, caRoot, "shop", serviceAccount,
          Map.of("app", serviceAccount), Duration.ofSeconds(60)));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    identities.forEach(WorkloadIdentity::close);
    if (istiod != null) {
      istiod.close();
    }
  }

  @Test
  void eachAgentHoldsACertificateForItsServiceAccountFromTheVariantsRoot() throws Exception {
    assertThat(identities).hasSize(2);
    for (WorkloadIdentity identity : identities) {
      var config = identity.agent().config();
      X509Certificate leaf = identity.agent().certificate();
      assertThat(WorkloadIdentity.uriSan(leaf)).isEqualTo(identity.spiffeId());
      assertThat(leaf.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
      leaf.verify(root.getPublicKey(), Fips.PROVIDER);
      // the files grpc's file_watcher reads: this leaf, its key, and the variant's root as the only anchor
      assertThat(Pem.certificates(Files.readString(config.certChainFile())).get(0)).isEqualTo(leaf);
      assertThat(Pem.certificates(Files.readString(config.rootCertFile()))).containsExactly(root);
      PrivateKey key = Pem.privateKey(Files.readString(config.keyFile()));
      byte[] data = identity.spiffeId().getBytes(StandardCharsets.UTF_8);
      Signature signer = Signature.getInstance("SHA256withECDSA", Fips.PROVIDER);
      signer.initSign(key);
      signer.update(data);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withECDSA", Fips.PROVIDER);
      verifier.initVerify(leaf);
      verifier.update(data);
      assertThat(verifier.verify(signature)).as("key.pem pairs with the certificate of %s", identity.spiffeId()).isTrue();
    }
  }

  @Test
  void aTokenSignedWithAnotherKeyGetsNoCertificate() {
    // same issuer and key id as the JWKS the variant trusts, another signing key
    Tokens unknown = new Tokens("test-key", tokens.issuer());
    assertThatThrownBy(() -> WorkloadIdentity.start(unknown, dir.resolve("intruder"), variant, caRoot, "shop", "frontend",
        Map.of("app", "frontend"), Duration.ofSeconds(2)))
        .hasMessageContaining("no certificate from the CA at " + variant)
        .hasMessageContaining("UNAUTHENTICATED");
    assertThat(dir.resolve("intruder").resolve("certs").resolve("cert-chain.pem")).doesNotExist();
  }
}

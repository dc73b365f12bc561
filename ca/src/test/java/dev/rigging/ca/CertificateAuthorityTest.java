package dev.rigging.ca;

import static dev.rigging.ca.testing.SvidAssertions.assertSvid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rigging.ca.crypto.ChainVerifier;
import dev.rigging.ca.crypto.KeyAlgorithm;
import dev.rigging.ca.keys.CaBundle;
import dev.rigging.ca.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
  static final Identity CALLER = new Identity("cluster.local", "shop", "reviews");

  @TempDir Path dir;
  CertificateAuthority ca;

  @BeforeEach
  void start() throws Exception {
    ca = new CertificateAuthority(config().build());
  }

  @AfterEach
  void stop() {
    ca.close();
  }

  CaConfig.Builder config() {
    return CaConfig.builder(new CaConfig.Storage.Directory(dir)).maxTtl(Duration.ofDays(30));
  }

  @Test
  void signsAnX509SvidForTheCallerNotForWhatTheCsrAsks() throws Exception {
    String csr = TestPki.csr(TestPki.ec256(), "spiffe://cluster.local/ns/kube-system/sa/admin");

    IssuedChain chain = ca.sign(csr, CALLER, Duration.ZERO);

    X509Certificate leaf = chain.leaf();
    assertThat(chain.certificates()).hasSize(2);
    assertThat(chain.root()).isEqualTo(ca.activeRoot());
    assertSvid(leaf, "spiffe://cluster.local/ns/shop/sa/reviews");
    assertThat(ChainVerifier.verify(chain.certificates(), ca.trustedRoots(), Instant.now())).isEqualTo(ca.activeRoot());
    assertThat(chain.privateKey()).isEmpty();
  }

  @Test
  void rsaLeavesAlsoAllowKeyEncipherment() throws Exception {
    X509Certificate leaf = ca.sign(TestPki.csr(TestPki.rsa2048()), CALLER, null).leaf();

    assertThat(leaf.getKeyUsage()[2]).as("keyEncipherment").isTrue();
    assertSvid(leaf, CALLER.spiffeId());
  }

  @Test
  void zeroOrNegativeTtlMeansTheDefault() throws Exception {
    assertExpiresIn(ca.sign(TestPki.csr(TestPki.ec256()), CALLER, Duration.ZERO), Duration.ofHours(24));
    assertExpiresIn(ca.sign(TestPki.csr(TestPki.ec256()), CALLER, Duration.ofSeconds(-5)), Duration.ofHours(24));
  }

  @Test
  void aRequestedTtlUpToTheMaximumIsHonoured() throws Exception {
    assertExpiresIn(ca.sign(TestPki.csr(TestPki.ec256()), CALLER, Duration.ofHours(1)), Duration.ofHours(1));
    assertExpiresIn(ca.sign(TestPki.csr(TestPki.ec256()), CALLER, Duration.ofDays(30)), Duration.ofDays(30));
  }

  @Test
  void aTtlAboveTheMaximumIsRefused() {
    assertThatThrownBy(() -> ca.sign(TestPki.csr(TestPki.ec256()), CALLER, Duration.ofDays(30).plusSeconds(1)))
        .isInstanceOfSatisfying(CaException.class, e -> {
          assertThat(e.reason()).isEqualTo(CaException.Reason.TTL_ERROR);
          assertThat(e.getMessage()).contains("greater than the max allowed TTL");
        });
  }

  private static void assertExpiresIn(IssuedChain chain, Duration ttl) {
    assertThat(chain.leaf().getNotAfter().toInstant()).isCloseTo(Instant.now().plus(ttl), within(5, ChronoUnit.SECONDS));
    // Back-dated for clock skew, but never before the issuer (this root is brand new).
    assertThat(chain.leaf().getNotBefore()).isBeforeOrEqualTo(new java.util.Date())
        .isAfterOrEqualTo(chain.root().getNotBefore());
  }

  @Test
  void csrProblemsAreTypedForTheService() {
    assertThatThrownBy(() -> ca.sign(TestPki.nonFipsRsaCsr(1024, "SHA256withRSA"), CALLER, null))
        .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.reason()).isEqualTo(CaException.Reason.CSR_ERROR));
    assertThatThrownBy(() -> ca.sign(TestPki.breakSignature(TestPki.csr(TestPki.ec256())), CALLER, null))
        .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.reason()).isEqualTo(CaException.Reason.CSR_PARSE_ERROR));
    assertThatThrownBy(() -> ca.sign(TestPki.csr(TestPki.ec256()), new Identity("other.domain", "a", "b"), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRootIsPersistedWithAPrivateKeyFileAndSurvivesARestart() throws Exception {
    X509Certificate root = ca.activeRoot();
    assertThat(Files.getPosixFilePermissions(dir.resolve(CaBundle.CA_KEY))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(dir.resolve(CaBundle.ROOT_CERT))).contains("BEGIN CERTIFICATE");
    ca.close();

    ca = new CertificateAuthority(config().build());

    assertThat(ca.activeRoot()).isEqualTo(root);
    assertThat(ca.trustedRoots()).containsExactly(root);
    assertThat(ChainVerifier.verify(ca.sign(TestPki.csr(TestPki.ec256()), CALLER, null).certificates(), List.of(root),
        Instant.now())).isEqualTo(root);
  }

  @Test
  void aCorruptStoreStopsTheCaInsteadOfReplacingTheRoot() throws Exception {
    ca.close();
    Files.writeString(dir.resolve(CaBundle.CA_KEY), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    String before = Files.readString(dir.resolve(CaBundle.CA_CERT));

    assertThatThrownBy(() -> new CertificateAuthority(config().build())).isInstanceOfSatisfying(CaException.class,
        e -> assertThat(e.reason()).isEqualTo(CaException.Reason.CA_NOT_READY));
    assertThat(Files.readString(dir.resolve(CaBundle.CA_CERT))).isEqualTo(before);
  }

  @Test
  void aDeletedStoreIsWrittenBackWithTheSameRoot() throws Exception {
    X509Certificate root = ca.activeRoot();
    for (String file : List.of(CaBundle.CA_CERT, CaBundle.CA_KEY, CaBundle.CERT_CHAIN, CaBundle.ROOT_CERT)) {
      Files.delete(dir.resolve(file));
    }

    ca.refresh();

    assertThat(ca.activeRoot()).isEqualTo(root);
    assertThat(Files.readString(dir.resolve(CaBundle.CA_CERT))).isEqualTo(dev.rigging.ca.crypto.Pem.encode(root));
  }

  @Test
  void issuesServingCertificatesWithAGeneratedKey() throws Exception {
    IssuedChain serving = ca.issueServing(List.of("istiod.istio-system.svc", "istiod.istio-system.svc.cluster.local"),
        Duration.ofHours(1));

    X509Certificate leaf = serving.leaf();
    assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, "istiod.istio-system.svc"),
        List.of(2, "istiod.istio-system.svc.cluster.local"));
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(serving.privateKey()).isPresent();
    KeyPair pair = new KeyPair(leaf.getPublicKey(), serving.privateKey().get());
    assertThat(TestPki.csr(pair)).contains("CERTIFICATE REQUEST");
    assertThat(ChainVerifier.verify(serving.certificates(), ca.trustedRoots(), Instant.now())).isEqualTo(ca.activeRoot());
    assertThatThrownBy(() -> ca.issueServing(List.of("Not A Name"), Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rootsUseTheConfiguredKeyAlgorithm() throws Exception {
    ca.close();
    ca = new CertificateAuthority(CaConfig.builder(new CaConfig.Storage.Directory(dir.resolve("p384")))
        .rootKeyAlgorithm(KeyAlgorithm.EC_P384).trustDomain("example.org").build());

    assertThat(ca.activeRoot().getSigAlgName()).isEqualToIgnoringCase("SHA384withECDSA");
    assertThat(ca.activeRoot().getSubjectX500Principal().getName()).isEqualTo("O=example.org");
    assertThat(ca.sign(TestPki.csr(TestPki.ec256()), new Identity("example.org", "ns", "sa"), null).leaf()
        .getSubjectAlternativeNames()).containsExactly(List.of(6, "spiffe://example.org/ns/ns/sa/sa"));
  }
}

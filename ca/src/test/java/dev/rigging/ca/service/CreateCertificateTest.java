package dev.rigging.ca.service;

import static dev.rigging.ca.testing.SvidAssertions.assertSvid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rigging.ca.api.IstioCertificateResponse;
import dev.rigging.ca.crypto.ChainVerifier;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.testing.CaFixture;
import dev.rigging.ca.testing.GrpcClients;
import dev.rigging.ca.testing.TestPki;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CreateCertificate over real sockets: TLS (BCJSSE) on the TlsGrpcServer, and plaintext. */
class CreateCertificateTest {
  static final String OTHER_NAMESPACE_ID = "spiffe://cluster.local/ns/kube-system/sa/admin";
  static final long DAYS_91 = Duration.ofDays(91).toSeconds();

  @TempDir static Path dir;
  static CaFixture fixture;
  ManagedChannel tls;

  @BeforeAll
  static void startCa() throws Exception {
    fixture = new CaFixture(dir);
  }

  @AfterAll
  static void stopCa() {
    fixture.close();
  }

  @BeforeEach
  void connect() throws Exception {
    tls = GrpcClients.tls(fixture.tls.port(), fixture.ca.trustedRoots(), null, null);
  }

  @AfterEach
  void disconnect() {
    tls.shutdownNow();
  }

  String token() {
    return fixture.tokens.serviceAccount("shop", "reviews");
  }

  @Test
  void p256AndRsa2048CsrsGetTheCallersIdentityLeafFirstRootLast() throws Exception {
    for (KeyPair keys : List.of(TestPki.ec256(), TestPki.rsa2048())) {
      IstioCertificateResponse response = GrpcClients.create(tls, TestPki.csr(keys, OTHER_NAMESPACE_ID), 0, token(), null);

      List<X509Certificate> chain = TestPki.parse(response.getCertChainList());
      assertThat(chain).hasSize(2);
      assertThat(chain.get(0).getPublicKey()).isEqualTo(keys.getPublic());
      assertSvid(chain.get(0), "spiffe://cluster.local/ns/shop/sa/reviews");
      assertThat(chain.get(1)).isEqualTo(fixture.ca.activeRoot());
      assertThat(ChainVerifier.verify(chain, fixture.ca.trustedRoots(), Instant.now())).isEqualTo(chain.get(1));
      assertThat(response.getCertChainList()).allSatisfy(pem -> assertThat(pem).endsWith("-----END CERTIFICATE-----\n"));
    }
  }

  @Test
  void weakKeysAndBrokenCsrsAreInvalidArgumentWithAnOpaqueMessage() {
    assertStatus(() -> GrpcClients.create(tls, TestPki.nonFipsRsaCsr(1024, "SHA256withRSA"), 0, token(), null),
        Status.Code.INVALID_ARGUMENT, "invalid certificate request");
    assertStatus(() -> GrpcClients.create(tls, TestPki.breakSignature(TestPki.csr(TestPki.ec256())), 0, token(), null),
        Status.Code.INVALID_ARGUMENT, "invalid certificate request");
    assertStatus(() -> GrpcClients.create(tls, "garbage", 0, token(), null), Status.Code.INVALID_ARGUMENT,
        "invalid certificate request");
  }

  @Test
  void expiredWrongAudienceAndBadlySignedTokensAreUnauthenticated() {
    String sub = "system:serviceaccount:shop:reviews";
    String expired = fixture.tokens.token(sub, "istio-ca", Instant.now().minus(Duration.ofMinutes(5)));
    String wrongAudience = fixture.tokens.token(sub, "kubernetes.default.svc", Instant.now().plusSeconds(600));
    String foreign = new dev.rigging.ca.testing.Tokens("test-key", fixture.tokens.issuer()).serviceAccount("shop", "reviews");

    for (String token : List.of(expired, wrongAudience, foreign)) {
      assertStatus(() -> GrpcClients.create(tls, TestPki.csr(TestPki.ec256()), 0, token, null), Status.Code.UNAUTHENTICATED,
          "request authenticate failure");
    }
  }

  @Test
  void theClusterIdSelectsTheVerifierAndAnUnknownOneIsRefused() throws Exception {
    String remoteToken = fixture.remoteTokens.serviceAccount("payments", "api");

    assertStatus(() -> GrpcClients.create(tls, TestPki.csr(TestPki.ec256()), 0, token(), "west"),
        Status.Code.UNAUTHENTICATED, "request authenticate failure");
    assertStatus(() -> GrpcClients.create(tls, TestPki.csr(TestPki.ec256()), 0, remoteToken, null),
        Status.Code.UNAUTHENTICATED, "request authenticate failure");
    IstioCertificateResponse remote = GrpcClients.create(tls, TestPki.csr(TestPki.ec256()), 0, remoteToken, "remote-1");
    assertSvid(TestPki.parse(remote.getCertChainList()).get(0), "spiffe://cluster.local/ns/payments/sa/api");
  }

  @Test
  void noCredentialIsUnauthenticatedEvenFromLoopback() {
    ManagedChannel plaintext = GrpcClients.plaintext(fixture.plaintext.getPort());
    try {
      assertStatus(() -> GrpcClients.create(tls, TestPki.csr(TestPki.ec256()), 0, null, null), Status.Code.UNAUTHENTICATED,
          "request authenticate failure");
      assertStatus(() -> GrpcClients.create(plaintext, TestPki.csr(TestPki.ec256()), 0, null, null),
          Status.Code.UNAUTHENTICATED, "request authenticate failure");
      // A token works on plaintext as on TLS (Istio's 15010); only the credential matters.
      assertThat(GrpcClients.create(plaintext, TestPki.csr(TestPki.ec256()), 0, token(), null).getCertChainCount()).isEqualTo(2);
    } finally {
      plaintext.shutdownNow();
    }
  }

  @Test
  void aCertificateThisCaIssuedRenewsWithoutAToken() throws Exception {
    KeyPair keys = TestPki.ec256();
    List<X509Certificate> issued = TestPki.parse(GrpcClients.create(tls, TestPki.csr(keys), 0, token(), null).getCertChainList());
    ManagedChannel withCertificate = GrpcClients.tls(fixture.tls.port(), fixture.ca.trustedRoots(), issued, keys.getPrivate());
    try {
      KeyPair next = TestPki.ec256();
      IstioCertificateResponse renewed = GrpcClients.create(withCertificate, TestPki.csr(next, OTHER_NAMESPACE_ID), 0, null, null);

      X509Certificate leaf = TestPki.parse(renewed.getCertChainList()).get(0);
      assertSvid(leaf, "spiffe://cluster.local/ns/shop/sa/reviews");
      assertThat(leaf.getPublicKey()).isEqualTo(next.getPublic());
    } finally {
      withCertificate.shutdownNow();
    }
  }

  @Test
  void aCertificateFromAnotherCaDoesNotAuthenticate() throws Exception {
    TestPki.ExternalCa other = TestPki.rootCa("cluster.local");
    KeyPair keys = TestPki.ec256();
    X509Certificate foreign = other.issue(keys, "spiffe://cluster.local/ns/shop/sa/reviews", Duration.ofHours(1));
    ManagedChannel withForeign = GrpcClients.tls(fixture.tls.port(), fixture.ca.trustedRoots(), List.of(foreign, other.root()),
        keys.getPrivate());
    try {
      // The handshake itself fails (as with istiod's VerifyClientCertIfGiven), so no call is made.
      assertStatus(() -> GrpcClients.create(withForeign, TestPki.csr(TestPki.ec256()), 0, null, null), Status.Code.UNAVAILABLE, null);
    } finally {
      withForeign.shutdownNow();
    }
  }

  @Test
  void ttlDefaultMaximumAndRefusal() throws Exception {
    assertThat(notAfter(GrpcClients.create(tls, TestPki.csr(TestPki.ec256()), 0, token(), null)))
        .isCloseTo(Instant.now().plus(Duration.ofHours(24)), within(10, ChronoUnit.SECONDS));
    assertThat(notAfter(GrpcClients.create(tls, TestPki.csr(TestPki.ec256()), -60, token(), null)))
        .isCloseTo(Instant.now().plus(Duration.ofHours(24)), within(10, ChronoUnit.SECONDS));
    assertThat(notAfter(GrpcClients.create(tls, TestPki.csr(TestPki.ec256()), 3600, token(), null)))
        .isCloseTo(Instant.now().plus(Duration.ofHours(1)), within(10, ChronoUnit.SECONDS));
    assertThat(notAfter(GrpcClients.create(tls, TestPki.csr(TestPki.ec256()), Duration.ofDays(90).toSeconds(), token(), null)))
        .isCloseTo(Instant.now().plus(Duration.ofDays(90)), within(10, ChronoUnit.SECONDS));
    assertStatus(() -> GrpcClients.create(tls, TestPki.csr(TestPki.ec256()), DAYS_91, token(), null),
        Status.Code.INVALID_ARGUMENT, "invalid certificate request");
  }

  private static Instant notAfter(IstioCertificateResponse response) throws Exception {
    return Pem.certificates(response.getCertChain(0)).get(0).getNotAfter().toInstant();
  }

  static void assertStatus(ThrowingCallable call, Status.Code code, String description) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      if (description != null) {
        assertThat(e.getStatus().getDescription()).isEqualTo(description);
      }
    });
  }
}

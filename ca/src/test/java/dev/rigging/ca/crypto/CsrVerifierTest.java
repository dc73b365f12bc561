package dev.rigging.ca.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rigging.ca.crypto.InvalidCsrException.Kind;
import dev.rigging.ca.testing.TestPki;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsrVerifierTest {
  @Test
  void acceptsApprovedKeysAndKeepsTheRequestedNamesForLogs() throws Exception {
    KeyPair p256 = TestPki.ec256();
    VerifiedCsr csr = CsrVerifier.verify(TestPki.csr(p256, "spiffe://cluster.local/ns/a/sa/b"));

    assertThat(csr.publicKey().getEncoded()).isEqualTo(p256.getPublic().getEncoded());
    assertThat(csr.requestedNames()).containsExactly("6: spiffe://cluster.local/ns/a/sa/b");
    assertThat(CsrVerifier.verify(TestPki.csr(TestPki.generate(KeyAlgorithm.EC_P384))).publicKey().getAlgorithm())
        .isIn("EC", "ECDSA");
    assertThat(CsrVerifier.verify(TestPki.csr(TestPki.rsa2048())).publicKey().getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void verifiesEachAcceptedSignatureAlgorithm() throws Exception {
    KeyPair rsa = TestPki.rsa2048();
    KeyPair p384 = TestPki.generate(KeyAlgorithm.EC_P384);
    for (String algorithm : List.of("SHA256withRSA", "SHA384withRSA", "SHA512withRSA", "SHA256withRSAandMGF1",
        "SHA512withRSAandMGF1")) {
      assertThat(CsrVerifier.verify(TestPki.csrSignedWith(rsa, algorithm)).publicKey().getEncoded())
          .as(algorithm).isEqualTo(rsa.getPublic().getEncoded());
      assertRefused(TestPki.breakSignature(TestPki.csrSignedWith(rsa, algorithm)), Kind.BAD_SIGNATURE, "signature");
    }
    for (String algorithm : List.of("SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA")) {
      assertThat(CsrVerifier.verify(TestPki.csrSignedWith(p384, algorithm)).publicKey().getEncoded())
          .as(algorithm).isEqualTo(p384.getPublic().getEncoded());
    }
  }

  @Test
  void refusesRsa1024() {
    assertRefused(TestPki.nonFipsRsaCsr(1024, "SHA256withRSA"), Kind.NOT_APPROVED, "RSA key of 1024 bits");
  }

  @Test
  void refusesCurvesOtherThanP256AndP384() {
    assertRefused(TestPki.csrOnCurve("P-521"), Kind.NOT_APPROVED, "1.3.132.0.35");
  }

  @Test
  void refusesSha1Signatures() {
    assertRefused(TestPki.nonFipsRsaCsr(2048, "SHA1withRSA"), Kind.NOT_APPROVED, "signature algorithm 1.2.840.113549.1.1.5");
  }

  @Test
  void refusesABrokenSignature() {
    assertRefused(TestPki.breakSignature(TestPki.csr(TestPki.ec256())), Kind.BAD_SIGNATURE, "signature");
  }

  @Test
  void refusesWhatIsNotExactlyOneCsr() {
    String csr = TestPki.csr(TestPki.ec256());
    assertRefused("", Kind.MALFORMED, "empty");
    assertRefused("not a pem", Kind.MALFORMED, "expected a CERTIFICATE REQUEST");
    assertRefused(csr + csr, Kind.MALFORMED, "expected one certificate request");
    assertRefused(csr.replace("CERTIFICATE REQUEST", "CERTIFICATE"), Kind.MALFORMED, "unparseable");
    assertRefused("x".repeat(CsrVerifier.MAX_PEM_CHARS + 1), Kind.MALFORMED, "at most");
  }

  private static void assertRefused(String pem, Kind kind, String message) {
    assertThatThrownBy(() -> CsrVerifier.verify(pem)).isInstanceOfSatisfying(InvalidCsrException.class, e -> {
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.getMessage()).contains(message);
    });
  }
}

package dev.rigging.ca.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rigging.ca.testing.TestPki;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.Test;

class IssuerSignerTest {
  @Test
  void reusedSignaturesMakeValidCertificatesFromManyThreads() throws Exception {
    for (KeyAlgorithm algorithm : List.of(KeyAlgorithm.EC_P256, KeyAlgorithm.RSA_2048)) {
      KeyPair caKeys = TestPki.generate(algorithm);
      Instant now = Instant.now();
      X509Certificate root = CertificateSigner.root(new X500Principal("O=issuer-signer-test"), caKeys.getPublic(),
          caKeys.getPrivate(), now.minusSeconds(60), now.plusSeconds(3600));
      IssuerSigner signer = new IssuerSigner(caKeys.getPrivate());
      KeyPair subject = TestPki.ec256();
      int threads = 4;
      int perThread = 25;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<List<X509Certificate>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int id = t;
          results.add(pool.submit(() -> {
            List<X509Certificate> certs = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
              certs.add(CertificateSigner.workload(subject.getPublic(),
                  URI.create("spiffe://cluster.local/ns/t" + id + "/sa/s" + i), now.minusSeconds(60), now.plusSeconds(600),
                  root, signer));
            }
            return certs;
          }));
        }
        int verified = 0;
        for (Future<List<X509Certificate>> result : results) {
          for (X509Certificate cert : result.get()) {
            cert.verify(caKeys.getPublic(), Fips.PROVIDER);
            assertThat(cert.getSigAlgName()).isEqualToIgnoringCase(signer.algorithm());
            verified++;
          }
        }
        assertThat(verified).isEqualTo(threads * perThread);
        // One initialized signature per concurrent signer at most, not one per certificate.
        assertThat(signer.created()).as(algorithm + " signatures initialized").isBetween(1, threads);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aContentSignerSignsOnceAndAnAbandonedOneIsNotReused() throws Exception {
    KeyPair caKeys = TestPki.ec256();
    IssuerSigner signer = new IssuerSigner(caKeys.getPrivate());

    ContentSigner abandoned = signer.contentSigner();
    abandoned.getOutputStream().write(new byte[] {1, 2, 3});
    ContentSigner next = signer.contentSigner();
    assertThat(signer.created()).isEqualTo(2);

    next.getOutputStream().write("payload".getBytes(StandardCharsets.US_ASCII));
    byte[] signature = next.getSignature();
    Signature verifier = Signature.getInstance(signer.algorithm(), Fips.PROVIDER);
    verifier.initVerify(caKeys.getPublic());
    verifier.update("payload".getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(signature)).isTrue();
    assertThat(next.getAlgorithmIdentifier()).isEqualTo(
        new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256));
    assertThatThrownBy(next::getSignature).isInstanceOf(IllegalStateException.class);

    // The returned signature is reused: a fresh content signer starts from the initialized state,
    // not from the abandoned one's partial input.
    ContentSigner reused = signer.contentSigner();
    assertThat(signer.created()).isEqualTo(2);
    reused.getOutputStream().write("payload".getBytes(StandardCharsets.US_ASCII));
    verifier.initVerify(caKeys.getPublic());
    verifier.update("payload".getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(reused.getSignature())).isTrue();
  }
}

package dev.rigging.ca.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.ca.testing.TestPki;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

class PemTest {
  @Test
  void certificateBlocksAreWhatBouncyCastlesWriterWritesAndReadBack() throws Exception {
    TestPki.ExternalCa ca = TestPki.intermediateCa("pem-test");
    List<X509Certificate> certificates = new ArrayList<>(List.of(ca.root(), ca.signer(),
        ca.issue(TestPki.rsa2048(), "spiffe://cluster.local/ns/default/sa/rsa", Duration.ofHours(1))));
    Set<Integer> lastLineLengths = new HashSet<>();
    // Leaves with ever longer URIs, until one's DER fills its last 64-character line exactly (a
    // multiple of 48 bytes): the boundary where a line separator could be doubled or missing.
    KeyPair keys = TestPki.ec256();
    for (int i = 1; i <= 300 && !lastLineLengths.contains(64); i++) {
      X509Certificate leaf = ca.issue(keys, "spiffe://cluster.local/ns/default/sa/" + "a".repeat(i), Duration.ofHours(1));
      certificates.add(leaf);
      lastLineLengths.add(lastLine(Pem.encode(leaf)).length());
    }
    for (X509Certificate certificate : certificates) {
      String pem = Pem.encode(certificate);
      StringWriter expected = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(expected)) {
        writer.writeObject(certificate);
      }
      assertThat(pem).isEqualTo(expected.toString());
      assertThat(Pem.certificates(pem)).containsExactly(certificate);
    }
    assertThat(lastLineLengths).contains(64).hasSizeGreaterThan(4);
  }

  private static String lastLine(String pem) {
    String[] lines = pem.split("\n");
    return lines[lines.length - 2];
  }
}

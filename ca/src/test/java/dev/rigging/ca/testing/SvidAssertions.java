package dev.rigging.ca.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;

/** {@code SvidAssertions} checks the SPIFFE X.509-SVID rules on a leaf the CA issued. */
public final class SvidAssertions {
  private SvidAssertions() {}

  /** Exactly one URI SAN ({@code spiffeId}), not a CA, critical key usage without certificate signing, EKU server+client. */
  public static void assertSvid(X509Certificate leaf, String spiffeId) throws Exception {
    assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(6, spiffeId));
    assertThat(leaf.getSubjectX500Principal().getName()).isEmpty();
    assertThat(leaf.getCriticalExtensionOIDs()).contains(Extension.subjectAlternativeName.getId(),
        Extension.keyUsage.getId(), Extension.basicConstraints.getId());
    assertThat(leaf.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    boolean[] keyUsage = leaf.getKeyUsage();
    assertThat(keyUsage[0]).as("digitalSignature").isTrue();
    assertThat(keyUsage[5]).as("keyCertSign").isFalse();
    assertThat(keyUsage[6]).as("cRLSign").isFalse();
    assertThat(leaf.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
  }
}

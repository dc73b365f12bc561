package dev.rigging.ca.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * {@code SubjectKeyIds} computes key identifiers with RFC 7093 method 1 (the leftmost 160 bits of
 * the SHA-256 of the public key bits), which avoids SHA-1 entirely.
 */
final class SubjectKeyIds {
  private SubjectKeyIds() {}

  static SubjectKeyIdentifier of(PublicKey key) throws GeneralSecurityException {
    byte[] keyBits = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
    byte[] digest = MessageDigest.getInstance("SHA-256", Fips.PROVIDER).digest(keyBits);
    return new SubjectKeyIdentifier(Arrays.copyOf(digest, 20));
  }

  /** The issuer's own subject key identifier when it has one (plugged CAs), else one computed from its key. */
  static AuthorityKeyIdentifier authorityOf(X509Certificate issuer) throws GeneralSecurityException {
    byte[] extension = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    byte[] id = extension != null
        ? SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getKeyIdentifier()
        : of(issuer.getPublicKey()).getKeyIdentifier();
    return new AuthorityKeyIdentifier(id);
  }
}

package dev.rigging.ca.crypto;

import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * {@code CertificateSigner} builds and signs the three kinds of certificate the CA makes, with the
 * FIPS provider:
 *
 * <ul>
 *   <li>self-signed roots: CA, critical key usage {@code keyCertSign | cRLSign};
 *   <li>workload certificates following the SPIFFE X.509-SVID profile: empty subject, exactly one
 *       URI SAN (critical, because the subject is empty), not a CA, critical key usage
 *       {@code digitalSignature} (plus {@code keyEncipherment} for RSA keys) and never
 *       {@code keyCertSign}, extended key usage serverAuth and clientAuth;
 *   <li>serving certificates: the same leaf profile with DNS SANs instead of the URI.
 * </ul>
 */
public final class CertificateSigner {
  private static final SecureRandom RANDOM = FipsRandom.instance();

  private CertificateSigner() {}

  /** A self-signed root over {@code publicKey}, signed with its {@code privateKey}. */
  public static X509Certificate root(X500Principal subject, PublicKey publicKey, PrivateKey privateKey,
      Instant notBefore, Instant notAfter) throws GeneralSecurityException {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(notBefore),
          Date.from(notAfter), subject, publicKey)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, SubjectKeyIds.of(publicKey));
      return sign(builder, new IssuerSigner(privateKey));
    } catch (CertIOException e) {
      throw new GeneralSecurityException("root certificate extensions: " + e.getMessage(), e);
    }
  }

  /** An X.509-SVID for {@code spiffeId} over {@code subjectKey}, signed by {@code issuer}. */
  public static X509Certificate workload(PublicKey subjectKey, URI spiffeId, Instant notBefore, Instant notAfter,
      X509Certificate issuer, PrivateKey issuerKey) throws GeneralSecurityException {
    return workload(subjectKey, spiffeId, notBefore, notAfter, issuer, new IssuerSigner(issuerKey));
  }

  /** An X.509-SVID for {@code spiffeId} over {@code subjectKey}, signed by {@code issuer} through {@code signer}. */
  public static X509Certificate workload(PublicKey subjectKey, URI spiffeId, Instant notBefore, Instant notAfter,
      X509Certificate issuer, IssuerSigner signer) throws GeneralSecurityException {
    GeneralNames sans = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId.toString()));
    return leaf(subjectKey, sans, notBefore, notAfter, issuer, signer);
  }

  /** A TLS serving certificate for {@code dnsNames} over {@code subjectKey}, signed by {@code issuer}. */
  public static X509Certificate serving(PublicKey subjectKey, List<String> dnsNames, Instant notBefore,
      Instant notAfter, X509Certificate issuer, IssuerSigner issuerKey) throws GeneralSecurityException {
    if (dnsNames.isEmpty()) {
      throw new IllegalArgumentException("a serving certificate needs at least one DNS name");
    }
    GeneralNames sans = new GeneralNames(dnsNames.stream()
        .map(name -> new GeneralName(GeneralName.dNSName, name)).toArray(GeneralName[]::new));
    return leaf(subjectKey, sans, notBefore, notAfter, issuer, issuerKey);
  }

  private static X509Certificate leaf(PublicKey subjectKey, GeneralNames sans, Instant notBefore, Instant notAfter,
      X509Certificate issuer, IssuerSigner issuerKey) throws GeneralSecurityException {
    int usage = KeyUsage.digitalSignature | (subjectKey instanceof RSAKey ? KeyUsage.keyEncipherment : 0);
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(notBefore),
          Date.from(notAfter), new X500Name(new RDN[0]), subjectKey)
          .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.authorityKeyIdentifier, false, SubjectKeyIds.authorityOf(issuer))
          // RFC 5280 4.2.1.6: with an empty subject the SAN extension must be critical.
          .addExtension(Extension.subjectAlternativeName, true, sans);
      return sign(builder, issuerKey);
    } catch (CertIOException e) {
      throw new GeneralSecurityException("leaf certificate extensions: " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, IssuerSigner signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().setProvider(Fips.PROVIDER)
          .getCertificate(builder.build(signer.contentSigner()));
    } catch (RuntimeOperatorException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  // Positive, non-zero and within the 20 octets RFC 5280 allows; 128 random bits make serials unguessable.
  private static BigInteger serial() {
    return new BigInteger(128, RANDOM).add(BigInteger.ONE);
  }
}

package dev.rigging.ca.crypto;

import dev.rigging.ca.crypto.InvalidCsrException.Kind;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * {@code CsrVerifier} parses a PEM PKCS#10 request, applies {@link KeyPolicy} to its key and
 * signature algorithm, and verifies the request's own signature (proof that the requester holds
 * the private key).
 */
public final class CsrVerifier {
  /** Requests longer than this are refused before parsing (a P-384 or RSA-8192 CSR is far smaller). */
  public static final int MAX_PEM_CHARS = 32 * 1024;

  /** JCA names of the signature algorithms without parameters that {@link KeyPolicy} accepts. */
  private static final Map<ASN1ObjectIdentifier, String> SIGNATURE_NAMES = Map.of(
      PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
      PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
      PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA",
      X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
      X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
      X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA");

  private CsrVerifier() {}

  /** The verified request, or an {@link InvalidCsrException} saying what is wrong. */
  public static VerifiedCsr verify(String pem) throws InvalidCsrException {
    if (pem == null || pem.isBlank()) {
      throw new InvalidCsrException(Kind.MALFORMED, "empty CSR", null);
    }
    if (pem.length() > MAX_PEM_CHARS) {
      throw new InvalidCsrException(Kind.MALFORMED, "CSR of " + pem.length() + " characters (at most " + MAX_PEM_CHARS + ")", null);
    }
    PKCS10CertificationRequest csr;
    try {
      csr = Pem.csr(pem);
    } catch (IOException | RuntimeException e) {
      throw new InvalidCsrException(Kind.MALFORMED, "unparseable CSR: " + e.getMessage(), e);
    }
    // Policy first: a refused key is never given to the provider.
    Optional<String> violation = KeyPolicy.signatureViolation(csr.getSignatureAlgorithm())
        .or(() -> KeyPolicy.keyViolation(csr.getSubjectPublicKeyInfo()));
    if (violation.isPresent()) {
      throw new InvalidCsrException(Kind.NOT_APPROVED, "CSR refused: " + violation.get(), null);
    }
    PublicKey key;
    try {
      key = new JcaPKCS10CertificationRequest(csr).setProvider(Fips.PROVIDER).getPublicKey();
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new InvalidCsrException(Kind.MALFORMED, "CSR public key unreadable: " + e.getMessage(), e);
    }
    boolean valid;
    try {
      valid = signatureValid(csr, key);
    } catch (GeneralSecurityException | IOException | OperatorCreationException | PKCSException | RuntimeException e) {
      throw new InvalidCsrException(Kind.BAD_SIGNATURE, "CSR signature not verifiable: " + e.getMessage(), e);
    }
    if (!valid) {
      throw new InvalidCsrException(Kind.BAD_SIGNATURE, "CSR signature does not verify with its public key", null);
    }
    return new VerifiedCsr(key, csr.getSignatureAlgorithm().getAlgorithm().getId(), requestedNames(csr));
  }

  /**
   * Verifies the request's signature once, with one {@link Signature}. Bouncy Castle's
   * {@code JcaContentVerifierProviderBuilder} also initializes a second, "raw" signature and verifies
   * with it as well, which in the FIPS module doubles the work: each initialization runs the
   * algorithm's conditional self-test. RSASSA-PSS, whose parameters travel in the algorithm
   * identifier, still goes through the builder.
   */
  private static boolean signatureValid(PKCS10CertificationRequest csr, PublicKey key)
      throws GeneralSecurityException, IOException, OperatorCreationException, PKCSException {
    String algorithm = SIGNATURE_NAMES.get(csr.getSignatureAlgorithm().getAlgorithm());
    if (algorithm == null) {
      return csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Fips.PROVIDER).build(key));
    }
    Signature verifier = Signature.getInstance(algorithm, Fips.PROVIDER);
    verifier.initVerify(key);
    verifier.update(csr.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER));
    return verifier.verify(csr.getSignature());
  }

  private static List<String> requestedNames(PKCS10CertificationRequest csr) {
    List<String> names = new ArrayList<>();
    try {
      for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
        Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
        GeneralNames sans = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        if (sans != null) {
          for (GeneralName name : sans.getNames()) {
            names.add(name.toString());
          }
        }
      }
    } catch (RuntimeException e) {
      // The requested names are only logged; an odd extension block must not fail the request.
      names.add("<unreadable extension request>");
    }
    return names;
  }
}

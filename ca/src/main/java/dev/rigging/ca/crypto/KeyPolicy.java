package dev.rigging.ca.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * {@code KeyPolicy} decides which public keys and signature algorithms the CA accepts: only what
 * FIPS approved mode allows for new certificates — RSA of 2048 to 8192 bits with an odd exponent
 * above 2^16, ECDSA on P-256 or P-384 (named curves only), and signatures with SHA-256 or stronger.
 *
 * <p>The checks read the ASN.1 structures directly, before any key is handed to a provider, so a
 * refused key is never even instantiated. The 8192-bit ceiling bounds the verification work an
 * unauthenticated-looking request can cause; it is not a FIPS rule.
 */
public final class KeyPolicy {
  static final int MIN_RSA_BITS = 2048;
  static final int MAX_RSA_BITS = 8192;
  private static final BigInteger MIN_RSA_EXPONENT = BigInteger.valueOf(65537);
  private static final Map<ASN1ObjectIdentifier, String> CURVES =
      Map.of(SECObjectIdentifiers.secp256r1, "P-256", SECObjectIdentifiers.secp384r1, "P-384");
  private static final Set<ASN1ObjectIdentifier> SIGNATURES = Set.of(
      PKCSObjectIdentifiers.sha256WithRSAEncryption,
      PKCSObjectIdentifiers.sha384WithRSAEncryption,
      PKCSObjectIdentifiers.sha512WithRSAEncryption,
      X9ObjectIdentifiers.ecdsa_with_SHA256,
      X9ObjectIdentifiers.ecdsa_with_SHA384,
      X9ObjectIdentifiers.ecdsa_with_SHA512);
  private static final Set<ASN1ObjectIdentifier> PSS_HASHES =
      Set.of(NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512);

  private KeyPolicy() {}

  /** Why {@code key} is refused, or empty when it is acceptable. */
  public static Optional<String> keyViolation(SubjectPublicKeyInfo key) {
    ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
    if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
      return rsaViolation(key);
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
      if (!(key.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve)) {
        return Optional.of("EC key with explicit curve parameters (only named P-256 and P-384 are allowed)");
      }
      return CURVES.containsKey(curve) ? Optional.empty()
          : Optional.of("EC key on curve " + curve.getId() + " (only P-256 and P-384 are allowed)");
    }
    return Optional.of("key algorithm " + algorithm.getId() + " (only RSA and ECDSA P-256/P-384 are allowed)");
  }

  /** Why a signature made with {@code algorithm} is refused, or empty when it is acceptable. */
  public static Optional<String> signatureViolation(AlgorithmIdentifier algorithm) {
    ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
    if (SIGNATURES.contains(oid)) {
      return Optional.empty();
    }
    if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(oid)) {
      RSASSAPSSparams params = RSASSAPSSparams.getInstance(algorithm.getParameters());
      ASN1ObjectIdentifier hash = params.getHashAlgorithm().getAlgorithm();
      return PSS_HASHES.contains(hash) ? Optional.empty()
          : Optional.of("RSASSA-PSS with hash " + hash.getId() + " (SHA-256 or stronger required)");
    }
    return Optional.of("signature algorithm " + oid.getId() + " (SHA-256 or stronger with RSA or ECDSA required)");
  }

  private static Optional<String> rsaViolation(SubjectPublicKeyInfo key) {
    RSAPublicKey rsa;
    try {
      rsa = RSAPublicKey.getInstance(key.parsePublicKey());
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of("malformed RSA public key");
    }
    int bits = rsa.getModulus().bitLength();
    if (bits < MIN_RSA_BITS) {
      return Optional.of("RSA key of " + bits + " bits (at least " + MIN_RSA_BITS + " required)");
    }
    if (bits > MAX_RSA_BITS) {
      return Optional.of("RSA key of " + bits + " bits (at most " + MAX_RSA_BITS + " accepted)");
    }
    BigInteger e = rsa.getPublicExponent();
    if (!e.testBit(0) || e.compareTo(MIN_RSA_EXPONENT) < 0) {
      return Optional.of("RSA public exponent " + e + " (must be odd and at least 65537)");
    }
    return Optional.empty();
  }
}

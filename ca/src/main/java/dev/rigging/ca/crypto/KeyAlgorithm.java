package dev.rigging.ca.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Locale;

/**
 * {@code KeyAlgorithm} lists the key types the CA generates (roots and serving keys); all are FIPS
 * approved. Signatures made with a key use the hash that matches its strength.
 */
public enum KeyAlgorithm {
  EC_P256("EC", new ECGenParameterSpec("P-256")),
  EC_P384("EC", new ECGenParameterSpec("P-384")),
  RSA_2048("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4)),
  RSA_3072("RSA", new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4));

  private final String jcaName;
  private final AlgorithmParameterSpec spec;

  KeyAlgorithm(String jcaName, AlgorithmParameterSpec spec) {
    this.jcaName = jcaName;
    this.spec = spec;
  }

  /** A fresh key pair from the FIPS provider's DRBG. */
  public KeyPair generate() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName, Fips.PROVIDER);
    generator.initialize(spec);
    return generator.generateKeyPair();
  }

  /** Parses {@code ec-p256}, {@code EC_P256}, {@code rsa-2048}…; the error lists what is valid. */
  public static KeyAlgorithm parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key algorithm '" + value + "' is not one of ec-p256, ec-p384, rsa-2048, rsa-3072");
    }
  }

  /** The JCA signature algorithm for signing with {@code key}: SHA-384 for P-384, SHA-256 otherwise. */
  public static String signatureAlgorithm(Key key) {
    if (key instanceof ECKey ec) {
      int bits = ec.getParams().getOrder().bitLength();
      return bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
    }
    if (key instanceof RSAKey rsa) {
      BigInteger modulus = rsa.getModulus();
      return modulus.bitLength() > 3072 ? "SHA384withRSA" : "SHA256withRSA";
    }
    throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
  }
}

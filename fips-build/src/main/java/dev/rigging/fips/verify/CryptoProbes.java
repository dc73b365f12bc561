package dev.rigging.fips.verify;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code CryptoProbes} attempts, through the JCA exactly as application code would (no provider
 * named unless the probe is about naming one), the operations a FIPS variant must refuse, each next
 * to its approved counterpart. Every attempt really runs: a refusal is the exception the JVM threw.
 */
final class CryptoProbes {
  private static final byte[] DATA = "rigging fips probe".getBytes(StandardCharsets.UTF_8);

  /** An operation; returns normally when the JVM allowed it. */
  @FunctionalInterface
  interface Operation {
    void run() throws Exception;
  }

  private CryptoProbes() {}

  static List<Probe> run() throws Exception {
    SecureRandom random = new SecureRandom();
    KeyPair rsa = rsa(2048);
    KeyPair ec = ec("secp256r1");
    byte[] shortKey = new byte[10];
    byte[] fullKey = new byte[32];
    random.nextBytes(shortKey);
    random.nextBytes(fullKey);
    return List.of(
        probe("MD5 signature", "sign with MD5withRSA (RSA-2048 key)", () -> sign("MD5withRSA", rsa.getPrivate()),
            "sign with SHA256withRSA", () -> sign("SHA256withRSA", rsa.getPrivate())),
        probe("SHA-1 signature (RSA)", "sign with SHA1withRSA (RSA-2048 key)", () -> sign("SHA1withRSA", rsa.getPrivate()),
            "sign with SHA256withRSA", () -> sign("SHA256withRSA", rsa.getPrivate())),
        probe("SHA-1 signature (ECDSA)", "sign with SHA1withECDSA (P-256 key)", () -> sign("SHA1withECDSA", ec.getPrivate()),
            "sign with SHA256withECDSA", () -> sign("SHA256withECDSA", ec.getPrivate())),
        probe("RSA-1024 key generation", "generate an RSA key pair of 1024 bits", () -> rsa(1024),
            "generate an RSA key pair of 2048 bits", () -> rsa(2048)),
        probe("short HMAC key", "HmacSHA256 with an 80-bit key", () -> hmac(shortKey),
            "HmacSHA256 with a 256-bit key", () -> hmac(fullKey)),
        // P-192: a NIST curve whose approval for key generation ended (FIPS 186-5, SP 800-186)
        probe("non-approved curve", "generate an EC key pair on secp192r1 (P-192)", () -> ec("secp192r1"),
            "generate an EC key pair on secp256r1 (P-256)", () -> ec("secp256r1")),
        probe("JDK provider by name", "Signature SHA256withRSA from provider SunRsaSign",
            () -> Signature.getInstance("SHA256withRSA", "SunRsaSign"),
            "Signature SHA256withRSA from the provider list", () -> Signature.getInstance("SHA256withRSA")));
  }

  static Probe probe(String name, String attempt, Operation operation, String control, Operation controlOperation) {
    String refusal = null;
    try {
      operation.run();
    } catch (Exception | Error e) {
      refusal = describe(e);
    }
    String controlFailure = null;
    try {
      controlOperation.run();
    } catch (Exception | Error e) {
      controlFailure = describe(e);
    }
    return new Probe(name, attempt, refusal, control, controlFailure);
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static void sign(String algorithm, PrivateKey key) throws Exception {
    Signature signature = Signature.getInstance(algorithm);
    signature.initSign(key);
    signature.update(DATA);
    signature.sign();
  }

  private static KeyPair rsa(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return generator.generateKeyPair();
  }

  private static KeyPair ec(String curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }

  private static void hmac(byte[] key) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.doFinal(DATA);
  }
}

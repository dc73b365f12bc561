package dev.rigging.ca.crypto;

import java.util.List;

/**
 * {@code FipsPolicy} is what a FIPS variant of a Rigging service must look like at run time, in one
 * place: {@link FipsSelfCheck} enforces it at start-up and the {@code fips-build} verifier reports
 * against it.
 *
 * <ul>
 *   <li>providers: {@code BCFIPS} first and {@code BCJSSE} (FIPS mode) second, and no other registered
 *       provider offering any of the {@link #USED_SERVICES};
 *   <li>default key store type {@code BCFKS} (the only key store the module offers in approved mode);
 *   <li>TLS key exchange on the NIST curves P-256 and P-384 only, set JVM-wide with
 *       {@code jdk.tls.namedGroups}: BCJSSE reads it when an {@code SSLContext} is created, and
 *       Netty's JDK engine path offers no per-engine hook for named groups on Java 17.
 * </ul>
 */
public final class FipsPolicy {
  /** System property that makes a service refuse to start unless {@link FipsSelfCheck} passes. */
  public static final String REQUIRED_PROPERTY = "rigging.fips.required";
  /** The default key store type the FIPS variants configure ({@code keystore.type}). */
  public static final String KEY_STORE_TYPE = "BCFKS";
  /** System property BCJSSE reads for the TLS named groups it offers and accepts. */
  public static final String NAMED_GROUPS_PROPERTY = "jdk.tls.namedGroups";
  /** TLS named groups (ECDHE curves) a FIPS variant allows. */
  public static final List<String> TLS_NAMED_GROUPS = List.of("secp256r1", "secp384r1");
  /** Providers, in the order they must be registered. */
  public static final List<String> PROVIDER_ORDER = List.of(Fips.PROVIDER, Fips.JSSE_PROVIDER);

  /**
   * The JCA services Rigging asks for by name (signing, verification, keys, TLS, key stores, the
   * DRBG). If a provider other than the expected one offered any of them, a call that names no
   * provider could reach it once the order changes, and a library naming that provider would
   * bypass the module.
   */
  public static final List<Service> USED_SERVICES = List.of(
      jca("SecureRandom", "DEFAULT"),
      jca("MessageDigest", "SHA-256"), jca("MessageDigest", "SHA-384"),
      jca("Signature", "SHA256withECDSA"), jca("Signature", "SHA384withECDSA"),
      jca("Signature", "SHA256withRSA"), jca("Signature", "SHA384withRSA"), jca("Signature", "SHA512withRSA"),
      jca("Signature", "SHA256withRSAandMGF1"),
      jca("KeyPairGenerator", "EC"), jca("KeyPairGenerator", "RSA"),
      jca("KeyFactory", "EC"), jca("KeyFactory", "RSA"),
      jca("KeyAgreement", "ECDH"),
      jca("Cipher", "AES"),
      jca("Mac", "HmacSHA256"), jca("Mac", "HmacSHA384"),
      jca("CertificateFactory", "X.509"), jca("CertPathValidator", "PKIX"),
      jca("KeyStore", KEY_STORE_TYPE),
      jsse("SSLContext", "TLS"), jsse("SSLContext", "TLSv1.3"), jsse("SSLContext", "TLSv1.2"),
      jsse("KeyManagerFactory", "PKIX"), jsse("TrustManagerFactory", "PKIX"));

  private FipsPolicy() {}

  /**
   * A JCA service ({@code type.algorithm}) and the provider that alone may offer it.
   *
   * @param type e.g. {@code Signature}
   * @param algorithm e.g. {@code SHA256withECDSA}
   * @param provider {@code BCFIPS} or {@code BCJSSE}
   */
  public record Service(String type, String algorithm, String provider) {
    @Override
    public String toString() {
      return type + "." + algorithm;
    }
  }

  private static Service jca(String type, String algorithm) {
    return new Service(type, algorithm, Fips.PROVIDER);
  }

  private static Service jsse(String type, String algorithm) {
    return new Service(type, algorithm, Fips.JSSE_PROVIDER);
  }
}

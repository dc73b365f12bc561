package dev.rigging.ca.keys;

import dev.rigging.ca.crypto.ChainVerifier;
import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.IssuerSigner;
import dev.rigging.ca.crypto.KeyAlgorithm;
import dev.rigging.ca.crypto.KeyPolicy;
import dev.rigging.ca.crypto.Pem;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * {@code SigningMaterial} is a validated {@link CaBundle}: the signing certificate and its key
 * (which are checked to match), the chain from it to the root that anchors it, and every trusted
 * root. Only material that passes these checks is ever used to sign.
 */
public final class SigningMaterial {
  private static final byte[] KEY_MATCH_PROBE = "rigging-ca key match".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final CaBundle bundle;
  private final X509Certificate signingCertificate;
  private final PrivateKey privateKey;
  private final IssuerSigner signer;
  private final List<X509Certificate> chainToRoot;
  private final List<String> chainToRootPem;
  private final List<X509Certificate> trustedRoots;
  private final String origin;

  private SigningMaterial(CaBundle bundle, X509Certificate signingCertificate, PrivateKey privateKey,
      List<X509Certificate> chainToRoot, List<X509Certificate> trustedRoots, String origin) {
    this.bundle = bundle;
    this.signingCertificate = signingCertificate;
    this.privateKey = privateKey;
    this.signer = new IssuerSigner(privateKey);
    this.chainToRoot = List.copyOf(chainToRoot);
    this.chainToRootPem = this.chainToRoot.stream().map(Pem::encode).toList();
    this.trustedRoots = List.copyOf(trustedRoots);
    this.origin = origin;
  }

  /**
   * Parses and checks {@code bundle}.
   *
   * @param origin where it came from, for logs (a directory, a Secret)
   * @throws GeneralSecurityException naming the file that is wrong and why
   */
  public static SigningMaterial parse(CaBundle bundle, String origin, Instant now) throws GeneralSecurityException {
    Objects.requireNonNull(bundle, "bundle");
    List<X509Certificate> caCerts = Pem.certificates(bundle.caCert());
    if (caCerts.size() != 1) {
      throw new GeneralSecurityException(origin + ": " + CaBundle.CA_CERT + " must hold exactly one certificate, found " + caCerts.size());
    }
    X509Certificate caCert = caCerts.get(0);
    PrivateKey key = Pem.privateKey(bundle.caKey());
    Optional<String> weak = KeyPolicy.keyViolation(SubjectPublicKeyInfo.getInstance(caCert.getPublicKey().getEncoded()));
    if (weak.isPresent()) {
      throw new GeneralSecurityException(origin + ": " + CaBundle.CA_CERT + " has a key FIPS does not allow: " + weak.get());
    }
    requireMatchingKey(caCert, key, origin);
    if (caCert.getBasicConstraints() < 0 || (caCert.getKeyUsage() != null && !caCert.getKeyUsage()[5])) {
      throw new GeneralSecurityException(origin + ": " + CaBundle.CA_CERT + " is not a CA certificate allowed to sign certificates");
    }
    List<X509Certificate> roots = distinct(Pem.certificates(bundle.rootCerts()));
    boolean selfSigned = isSelfSigned(caCert);
    if (roots.isEmpty() && selfSigned) {
      roots = List.of(caCert);
    }
    if (roots.isEmpty()) {
      throw new GeneralSecurityException(origin + ": " + CaBundle.ROOT_CERT + " is empty");
    }
    for (X509Certificate root : roots) {
      if (root.getBasicConstraints() < 0) {
        throw new GeneralSecurityException(origin + ": " + CaBundle.ROOT_CERT + " holds a non-CA certificate "
            + root.getSubjectX500Principal());
      }
    }
    if (selfSigned && roots.contains(caCert)) {
      // A self-signed signer is its own chain. Its validity is not checked here, so that an expired
      // stored root can still be loaded and re-issued by the rotator instead of being replaced.
      return new SigningMaterial(bundle, caCert, key, List.of(caCert), activeFirst(caCert, roots), origin);
    }
    List<X509Certificate> path = new ArrayList<>();
    path.add(caCert);
    for (X509Certificate c : Pem.certificates(bundle.certChain())) {
      if (!c.equals(caCert) && !roots.contains(c)) {
        path.add(c);
      }
    }
    X509Certificate anchor;
    try {
      anchor = ChainVerifier.verify(path, roots, now);
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException(origin + ": " + CaBundle.CA_CERT + " (with " + CaBundle.CERT_CHAIN
          + ") does not chain to " + CaBundle.ROOT_CERT + ": " + e.getMessage(), e);
    }
    List<X509Certificate> chain = new ArrayList<>(path);
    chain.add(anchor);
    return new SigningMaterial(bundle, caCert, key, chain, activeFirst(anchor, roots), origin);
  }

  private static void requireMatchingKey(X509Certificate cert, PrivateKey key, String origin)
      throws GeneralSecurityException {
    String algorithm = KeyAlgorithm.signatureAlgorithm(key);
    Signature signer = Signature.getInstance(algorithm, Fips.PROVIDER);
    signer.initSign(key);
    signer.update(KEY_MATCH_PROBE);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm, Fips.PROVIDER);
    verifier.initVerify(cert.getPublicKey());
    verifier.update(KEY_MATCH_PROBE);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException(origin + ": " + CaBundle.CA_KEY + " does not belong to " + CaBundle.CA_CERT);
    }
  }

  static boolean isSelfSigned(X509Certificate cert) {
    if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
      return false;
    }
    try {
      cert.verify(cert.getPublicKey(), Fips.PROVIDER);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static List<X509Certificate> distinct(List<X509Certificate> certs) {
    return List.copyOf(new LinkedHashSet<>(certs));
  }

  private static List<X509Certificate> activeFirst(X509Certificate active, List<X509Certificate> roots) {
    Set<X509Certificate> ordered = new LinkedHashSet<>();
    ordered.add(active);
    ordered.addAll(roots);
    return List.copyOf(ordered);
  }

  /** The stored form this material was read from. */
  public CaBundle bundle() {
    return bundle;
  }

  /** The certificate that signs leaves. */
  public X509Certificate signingCertificate() {
    return signingCertificate;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** Signs with {@link #privateKey()}, reusing initialized signatures across certificates. */
  public IssuerSigner signer() {
    return signer;
  }

  /** The signing certificate, its intermediates, and the root that anchors it (last). */
  public List<X509Certificate> chainToRoot() {
    return chainToRoot;
  }

  /** {@link #chainToRoot()} in PEM, one block per certificate (encoded once, sent with every leaf). */
  public List<String> chainToRootPem() {
    return chainToRootPem;
  }

  /** The root that anchors the signing certificate. */
  public X509Certificate activeRoot() {
    return chainToRoot.get(chainToRoot.size() - 1);
  }

  /** Every trusted root, {@link #activeRoot()} first. */
  public List<X509Certificate> trustedRoots() {
    return trustedRoots;
  }

  /** True when the signing certificate is itself the (self-signed) root. */
  public boolean selfSigned() {
    return chainToRoot.size() == 1;
  }

  /** Where the material came from, for logs. */
  public String origin() {
    return origin;
  }
}

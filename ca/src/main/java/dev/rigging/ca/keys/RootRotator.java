package dev.rigging.ca.keys;

import dev.rigging.ca.crypto.CertificateSigner;
import dev.rigging.ca.crypto.KeyAlgorithm;
import dev.rigging.ca.crypto.Pem;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.jboss.logging.Logger;

/**
 * {@code RootRotator} owns the self-signed root in a {@link CaStore}: it creates it once, loads it
 * on every start, and re-issues it before it expires.
 *
 * <p>Rotation re-issues the root over the same key and subject, as Istio's self-signed rotator
 * does, and keeps the old root in the trust bundle until it expires. Leaves issued under either
 * certificate therefore verify against both: workloads that still hold the old root (proxies take
 * the last element of the CA's response as their root) keep trusting peers that renewed. Changing
 * the key itself is done by plugging in a CA ({@code cacerts}) whose {@code root-cert.pem} lists
 * both roots for the overlap.
 *
 * <p>A root is never silently regenerated: when the store is empty on start a root is created with
 * create-only semantics; when it disappears later the root in use is written back.
 */
public final class RootRotator {
  private static final Logger LOG = Logger.getLogger(RootRotator.class);

  private final CaStore store;
  private final KeyAlgorithm keyAlgorithm;
  private final X500Principal subject;
  private final Duration validity;
  private final double rotationThreshold;

  /**
   * @param rotationThreshold rotate when the remaining fraction of the root's lifetime drops below
   *     this (Istio's grace-period ratio; 0.2 rotates a 10-year root two years before expiry)
   */
  public RootRotator(CaStore store, KeyAlgorithm keyAlgorithm, String organization, Duration validity,
      double rotationThreshold) {
    this.store = Objects.requireNonNull(store, "store");
    this.keyAlgorithm = Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
    this.subject = new X500Principal("O=" + Objects.requireNonNull(organization, "organization").replace(",", "\\,"));
    this.validity = Objects.requireNonNull(validity, "validity");
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("root validity must be positive, got " + validity);
    }
    if (!(rotationThreshold > 0 && rotationThreshold < 1)) {
      throw new IllegalArgumentException("rotation threshold must be between 0 and 1 (exclusive), got " + rotationThreshold);
    }
    this.rotationThreshold = rotationThreshold;
  }

  /** The stored root, or a new one when the store has none (create-only: a concurrent winner's root is used). */
  public SigningMaterial loadOrCreate(Instant now) throws IOException, GeneralSecurityException {
    Optional<CaStore.Stored> stored = store.load();
    if (stored.isEmpty()) {
      KeyPair keys = keyAlgorithm.generate();
      X509Certificate root = CertificateSigner.root(subject, keys.getPublic(), keys.getPrivate(), now, now.plus(validity));
      CaStore.Stored created = store.createIfAbsent(bundle(root, keys.getPrivate(), List.of(root)));
      stored = Optional.of(created);
      LOG.infof("ca=%s root created or adopted: subject=%s notAfter=%s", store.describe(),
          Pem.certificates(created.bundle().caCert()).get(0).getSubjectX500Principal(),
          Pem.certificates(created.bundle().caCert()).get(0).getNotAfter().toInstant());
    }
    return SigningMaterial.parse(stored.get().bundle(), store.describe(), now);
  }

  /**
   * Brings {@code current} up to date with the store, prunes expired roots, and rotates when due.
   *
   * @return the material to use from now on, when it differs from {@code current}
   */
  public Optional<SigningMaterial> check(SigningMaterial current, Instant now) throws IOException, GeneralSecurityException {
    Optional<CaStore.Stored> loaded = store.load();
    CaStore.Stored stored;
    if (loaded.isEmpty()) {
      LOG.warnf("ca=%s the stored CA disappeared; writing back the root in use (it is never regenerated)",
          store.describe());
      stored = store.createIfAbsent(current.bundle());
    } else {
      stored = loaded.get();
    }
    SigningMaterial material = current;
    if (!stored.bundle().equals(current.bundle())) {
      // Another replica rotated, or an operator edited the store.
      material = SigningMaterial.parse(stored.bundle(), store.describe(), now);
      LOG.infof("ca=%s adopted stored CA: root notAfter=%s", store.describe(), material.activeRoot().getNotAfter().toInstant());
    }
    if (!material.selfSigned()) {
      return changed(current, material);
    }
    X509Certificate active = material.activeRoot();
    List<X509Certificate> roots = new ArrayList<>();
    for (X509Certificate root : material.trustedRoots()) {
      if (root.equals(active) || root.getNotAfter().toInstant().isAfter(now)) {
        roots.add(root);
      }
    }
    boolean due = rotationDue(active, now);
    if (!due && roots.size() == material.trustedRoots().size()) {
      return changed(current, material);
    }
    CaBundle next;
    if (due) {
      X509Certificate renewed = CertificateSigner.root(active.getSubjectX500Principal(), active.getPublicKey(),
          material.privateKey(), now, now.plus(validity));
      roots.add(0, renewed);
      next = bundle(renewed, material, roots);
    } else {
      next = bundle(active, material, roots);
    }
    Optional<CaStore.Stored> written = store.replace(stored, next);
    if (written.isEmpty()) {
      LOG.infof("ca=%s the store changed while rotating; the next check adopts the stored CA", store.describe());
      return changed(current, material);
    }
    SigningMaterial result = SigningMaterial.parse(written.get().bundle(), store.describe(), now);
    if (due) {
      LOG.infof("ca=%s root rotated: old notAfter=%s new notAfter=%s trusted roots=%d", store.describe(),
          active.getNotAfter().toInstant(), result.activeRoot().getNotAfter().toInstant(), result.trustedRoots().size());
    } else {
      LOG.infof("ca=%s expired roots removed from the trust bundle; %d remain", store.describe(), roots.size());
    }
    return Optional.of(result);
  }

  boolean rotationDue(X509Certificate root, Instant now) {
    long total = root.getNotAfter().getTime() - root.getNotBefore().getTime();
    long remaining = root.getNotAfter().getTime() - now.toEpochMilli();
    return remaining < total * rotationThreshold;
  }

  private static Optional<SigningMaterial> changed(SigningMaterial current, SigningMaterial material) {
    return material == current ? Optional.empty() : Optional.of(material);
  }

  private static CaBundle bundle(X509Certificate root, SigningMaterial material, List<X509Certificate> roots) {
    return new CaBundle(Pem.encode(root), material.bundle().caKey(), "", Pem.encode(roots));
  }

  private static CaBundle bundle(X509Certificate root, java.security.PrivateKey key, List<X509Certificate> roots) {
    return new CaBundle(Pem.encode(root), Pem.encode(key), "", Pem.encode(roots));
  }
}

package dev.rigging.ca;

import dev.rigging.ca.CaException.Reason;
import dev.rigging.ca.crypto.CertificateSigner;
import dev.rigging.ca.crypto.CsrVerifier;
import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.InvalidCsrException;
import dev.rigging.ca.crypto.KeyAlgorithm;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.crypto.VerifiedCsr;
import dev.rigging.ca.keys.CaStore;
import dev.rigging.ca.keys.FileCaStore;
import dev.rigging.ca.keys.SecretCaStore;
import dev.rigging.ca.keys.SigningMaterial;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * {@code CertificateAuthority} signs workload certificates for authenticated callers — the library
 * API that the standalone CA app and istiod-lite both embed.
 *
 * <p>It signs with a plugged CA from {@code cacerts} when one is present (re-read when its files
 * change) and otherwise with a self-signed root persisted in a directory or Secret, created once and
 * re-issued before it expires. The identity in a certificate is always the
 * {@link Identity} passed in — the authenticated caller's — never anything the CSR asks for.
 */
public final class CertificateAuthority implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CertificateAuthority.class);
  /** Leaves start this much in the past so that peers with slightly slow clocks accept them. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
  private static final Pattern DNS_NAME =
      Pattern.compile("(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");

  private final CaConfig config;
  private final KeyMaterial keys;
  private final List<CaListener> listeners = new CopyOnWriteArrayList<>();

  /**
   * Loads (or, the first time, creates) the signing material and starts the background checks.
   *
   * @throws CaException ({@link Reason#CA_NOT_READY}) when no usable signing material can be had:
   *     an invalid plugged CA, an unreadable or corrupt store
   */
  public CertificateAuthority(CaConfig config) throws CaException {
    this.config = Objects.requireNonNull(config, "config");
    Fips.install();
    CaStore store = config.storage() instanceof CaConfig.Storage.KubernetesSecret s
        ? new SecretCaStore(s.client(), s.namespace())
        : new FileCaStore(((CaConfig.Storage.Directory) config.storage()).dir());
    this.keys = new KeyMaterial(config, store, this::materialChanged);
    SigningMaterial m = keys.current();
    LOG.infof("ca=%s ready: trustDomain=%s signer=%s root notAfter=%s trusted roots=%d", m.origin(),
        config.trustDomain(), m.signingCertificate().getSubjectX500Principal(), m.activeRoot().getNotAfter().toInstant(),
        m.trustedRoots().size());
  }

  /**
   * Signs {@code csrPem} for {@code caller}.
   *
   * @param requested the requested validity; zero, negative or null means the default
   * @throws CaException with {@link Reason#CSR_PARSE_ERROR} (unparseable CSR, bad CSR signature),
   *     {@link Reason#CSR_ERROR} (key or signature algorithm not approved), {@link Reason#TTL_ERROR}
   *     (above the maximum), {@link Reason#CA_NOT_READY} or {@link Reason#CERT_GEN_ERROR}
   */
  public IssuedChain sign(String csrPem, Identity caller, Duration requested) throws CaException {
    Objects.requireNonNull(caller, "caller");
    if (!caller.trustDomain().equals(config.trustDomain())) {
      throw new IllegalArgumentException("identity " + caller + " is not in trust domain " + config.trustDomain());
    }
    VerifiedCsr csr;
    try {
      csr = CsrVerifier.verify(csrPem);
    } catch (InvalidCsrException e) {
      Reason reason = e.kind() == InvalidCsrException.Kind.NOT_APPROVED ? Reason.CSR_ERROR : Reason.CSR_PARSE_ERROR;
      throw new CaException(reason, e.getMessage(), e);
    }
    Duration ttl = ttl(requested);
    SigningMaterial m = keys.current();
    Validity validity = validity(m, ttl);
    try {
      X509Certificate leaf = CertificateSigner.workload(csr.publicKey(), caller.spiffeUri(), validity.notBefore(),
          validity.notAfter(), m.signingCertificate(), m.signer());
      return new IssuedChain(chain(leaf, m), Optional.empty(), pemChain(leaf, m));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new CaException(Reason.CERT_GEN_ERROR, "signing for " + caller + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Issues a TLS serving certificate for {@code dnsNames} (e.g. {@code istiod.istio-system.svc})
   * over a P-256 key generated here; the key is in the result.
   */
  public IssuedChain issueServing(List<String> dnsNames, Duration ttl) throws CaException {
    List<String> names = List.copyOf(dnsNames);
    for (String name : names) {
      if (!DNS_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("'" + name + "' is not a lowercase DNS name");
      }
    }
    SigningMaterial m = keys.current();
    Validity validity = validity(m, ttl(ttl));
    try {
      KeyPair key = KeyAlgorithm.EC_P256.generate();
      X509Certificate leaf = CertificateSigner.serving(key.getPublic(), names, validity.notBefore(),
          validity.notAfter(), m.signingCertificate(), m.signer());
      return new IssuedChain(chain(leaf, m), Optional.of(key.getPrivate()), pemChain(leaf, m));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new CaException(Reason.CERT_GEN_ERROR, "serving certificate for " + names + " failed: " + e.getMessage(), e);
    }
  }

  /** Every trusted root, the active one first (several during a rotation overlap). */
  public List<X509Certificate> trustedRoots() {
    return keys.current().trustedRoots();
  }

  /** The root that anchors the current signing certificate. */
  public X509Certificate activeRoot() {
    return keys.current().activeRoot();
  }

  /** The certificate that signs leaves now. */
  public X509Certificate signingCertificate() {
    return keys.current().signingCertificate();
  }

  public String trustDomain() {
    return config.trustDomain();
  }

  public CaConfig config() {
    return config;
  }

  /** Registers {@code listener} for issuer and root changes. */
  public void addListener(CaListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(CaListener listener) {
    listeners.remove(listener);
  }

  /**
   * Re-reads the plugged directory and the store, and rotates the root when due, now; the
   * background task does the same every {@link CaConfig#pluggedReloadInterval()} and {@link
   * CaConfig#rootCheckInterval()}.
   */
  public void refresh() {
    keys.refreshPlugged();
    keys.refreshRoot();
  }

  @Override
  public void close() {
    keys.close();
  }

  private Duration ttl(Duration requested) throws CaException {
    if (requested == null || requested.isZero() || requested.isNegative()) {
      return config.defaultTtl();
    }
    if (requested.compareTo(config.maxTtl()) > 0) {
      throw new CaException(Reason.TTL_ERROR, "requested TTL " + requested + " is greater than the max allowed TTL " + config.maxTtl());
    }
    return requested;
  }

  private record Validity(Instant notBefore, Instant notAfter) {}

  // A leaf never outlives its issuer, nor starts before it.
  private static Validity validity(SigningMaterial m, Duration ttl) throws CaException {
    Instant now = Instant.now();
    X509Certificate issuer = m.signingCertificate();
    Instant notBefore = latest(now.minus(CLOCK_SKEW), issuer.getNotBefore().toInstant());
    Instant notAfter = earliest(now.plus(ttl), issuer.getNotAfter().toInstant());
    if (!notAfter.isAfter(now)) {
      throw new CaException(Reason.CA_NOT_READY, "signing certificate " + issuer.getSubjectX500Principal()
          + " expired at " + issuer.getNotAfter().toInstant());
    }
    return new Validity(notBefore, notAfter);
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static List<X509Certificate> chain(X509Certificate leaf, SigningMaterial m) {
    List<X509Certificate> chain = new ArrayList<>(m.chainToRoot().size() + 1);
    chain.add(leaf);
    chain.addAll(m.chainToRoot());
    return chain;
  }

  private static List<String> pemChain(X509Certificate leaf, SigningMaterial m) {
    List<String> pem = new ArrayList<>(m.chainToRootPem().size() + 1);
    pem.add(Pem.encode(leaf));
    pem.addAll(m.chainToRootPem());
    return pem;
  }

  private void materialChanged(SigningMaterial before, SigningMaterial after) {
    for (CaListener listener : listeners) {
      try {
        if (!before.signingCertificate().equals(after.signingCertificate())) {
          listener.issuerChanged(after.signingCertificate());
        }
        if (!before.trustedRoots().equals(after.trustedRoots())) {
          listener.rootsChanged(after.trustedRoots());
        }
      } catch (RuntimeException e) {
        LOG.errorf(e, "ca listener %s failed", listener);
      }
    }
  }
}

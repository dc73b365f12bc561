package dev.rigging.ca.tls;

import dev.rigging.ca.CaException;
import dev.rigging.ca.CaListener;
import dev.rigging.ca.CertificateAuthority;
import dev.rigging.ca.IssuedChain;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code ServingCertificate} is a serving certificate the CA issues to itself (istiod's
 * {@code istiod.istio-system.svc}), renewed at half of its lifetime and right after the CA's
 * issuer changes. A failed renewal keeps the current certificate while it is valid.
 */
public final class ServingCertificate implements Supplier<IssuedChain>, CaListener {
  private static final Logger LOG = Logger.getLogger(ServingCertificate.class);

  private final CertificateAuthority ca;
  private final List<String> dnsNames;
  private final Duration ttl;
  private IssuedChain current;
  private Instant renewAt = Instant.MIN;

  private ServingCertificate(CertificateAuthority ca, List<String> dnsNames, Duration ttl) {
    this.ca = Objects.requireNonNull(ca, "ca");
    this.dnsNames = List.copyOf(dnsNames);
    this.ttl = Objects.requireNonNull(ttl, "ttl");
  }

  /** A certificate for {@code dnsNames}, issued now by {@code ca} and kept current. */
  public static ServingCertificate issuedBy(CertificateAuthority ca, List<String> dnsNames, Duration ttl) throws CaException {
    ServingCertificate certificate = new ServingCertificate(ca, dnsNames, ttl);
    certificate.renew();
    ca.addListener(certificate);
    return certificate;
  }

  @Override
  public synchronized IssuedChain get() {
    if (!Instant.now().isBefore(renewAt)) {
      try {
        renew();
      } catch (CaException e) {
        if (current == null || !Instant.now().isBefore(current.leaf().getNotAfter().toInstant())) {
          throw new IllegalStateException("no valid serving certificate for " + dnsNames + ": " + e.getMessage(), e);
        }
        LOG.errorf("serving=%s renewal failed, serving the current certificate until %s: %s", dnsNames,
            current.leaf().getNotAfter().toInstant(), e.getMessage());
        renewAt = Instant.now().plusSeconds(10);
      }
    }
    return current;
  }

  @Override
  public synchronized void issuerChanged(X509Certificate signingCertificate) {
    renewAt = Instant.MIN;
  }

  private void renew() throws CaException {
    IssuedChain next = ca.issueServing(dnsNames, ttl);
    Instant notBefore = next.leaf().getNotBefore().toInstant();
    Instant notAfter = next.leaf().getNotAfter().toInstant();
    current = next;
    renewAt = notBefore.plus(Duration.between(notBefore, notAfter).dividedBy(2));
    LOG.infof("serving=%s issued serial=%s notAfter=%s", dnsNames, next.leaf().getSerialNumber().toString(16), notAfter);
  }
}

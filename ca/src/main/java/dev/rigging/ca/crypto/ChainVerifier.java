package dev.rigging.ca.crypto;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ChainVerifier} validates a certificate chain against a set of trusted roots with the FIPS
 * provider's PKIX implementation (signatures, validity periods, CA constraints, key usage; no
 * revocation, which Istio's CA does not publish either).
 */
public final class ChainVerifier {
  private ChainVerifier() {}

  /**
   * Validates {@code chain} (target first, then its issuers in order; a trailing root that is
   * itself trusted may be included and is ignored) at {@code at}.
   *
   * @return the trusted root the chain ends in
   * @throws GeneralSecurityException (a {@link CertPathValidatorException}) when it does not validate
   */
  public static X509Certificate verify(List<X509Certificate> chain, List<X509Certificate> roots, Instant at)
      throws GeneralSecurityException {
    if (chain.isEmpty()) {
      throw new CertPathValidatorException("empty certificate chain");
    }
    if (roots.isEmpty()) {
      throw new CertPathValidatorException("no trusted roots");
    }
    List<X509Certificate> path = new ArrayList<>(chain);
    // PKIX paths exclude the anchor; a peer that sends its root along would otherwise fail.
    while (path.size() > 1 && roots.contains(path.get(path.size() - 1))) {
      path.remove(path.size() - 1);
    }
    CertificateFactory factory = CertificateFactory.getInstance("X.509", Fips.PROVIDER);
    CertPath certPath = factory.generateCertPath(path);
    Set<TrustAnchor> anchors = roots.stream().map(r -> new TrustAnchor(r, null)).collect(Collectors.toSet());
    PKIXParameters parameters = new PKIXParameters(anchors);
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(at));
    CertPathValidator validator = CertPathValidator.getInstance("PKIX", Fips.PROVIDER);
    PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) validator.validate(certPath, parameters);
    return result.getTrustAnchor().getTrustedCert();
  }
}

package dev.rigging.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code IssuedChain} is what the CA hands out: the certificate chain, leaf first and root last,
 * the same chain in PEM, and — for certificates whose key the CA generated itself ({@link
 * CertificateAuthority#issueServing}) — the leaf's private key.
 *
 * @param pemChain one PEM block per certificate, leaf first: the {@code cert_chain} of Istio's
 *     response (the CA encodes its own part of the chain once, not per certificate)
 */
public record IssuedChain(List<X509Certificate> certificates, Optional<PrivateKey> privateKey, List<String> pemChain) {
  public IssuedChain {
    certificates = List.copyOf(certificates);
    pemChain = List.copyOf(pemChain);
    Objects.requireNonNull(privateKey, "privateKey");
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("a chain has at least the leaf");
    }
    if (pemChain.size() != certificates.size()) {
      throw new IllegalArgumentException(pemChain.size() + " PEM blocks for " + certificates.size() + " certificates");
    }
  }

  /** The issued certificate. */
  public X509Certificate leaf() {
    return certificates.get(0);
  }

  /** The root the chain ends in. */
  public X509Certificate root() {
    return certificates.get(certificates.size() - 1);
  }
}

package dev.rigging.ca;

import dev.rigging.ca.crypto.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code IssuedChain} is what the CA hands out: the certificate chain, leaf first and root last,
 * and — for certificates whose key the CA generated itself ({@link
 * CertificateAuthority#issueServing}) — the leaf's private key.
 */
public record IssuedChain(List<X509Certificate> certificates, Optional<PrivateKey> privateKey) {
  public IssuedChain {
    certificates = List.copyOf(certificates);
    Objects.requireNonNull(privateKey, "privateKey");
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("a chain has at least the leaf");
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

  /** One PEM block per certificate, leaf first: the {@code cert_chain} of Istio's response. */
  public List<String> pemChain() {
    return certificates.stream().map(Pem::encode).toList();
  }
}

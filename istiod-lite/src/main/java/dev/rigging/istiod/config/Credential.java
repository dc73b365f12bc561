package dev.rigging.istiod.config;

import java.util.Objects;

/**
 * {@code Credential} is the TLS material of one Kubernetes Secret that a Gateway's
 * {@code credentialName} (or a DestinationRule's) can name, as Istio reads it: a server or client
 * certificate with its key ({@code tls.crt}/{@code tls.key}, or {@code cert}/{@code key}), and the
 * certificates to validate peers with ({@code ca.crt} or {@code cacert}, optionally {@code ca.crl}).
 * Either half may be absent. Values are PEM text, kept as the Secret holds them.
 *
 * @param namespace the Secret's namespace
 * @param name the Secret's name
 * @param certificateChain PEM certificate chain, null when the Secret has none
 * @param privateKey PEM private key, null exactly when {@code certificateChain} is
 * @param caCertificates PEM trust anchors for peer validation, null when none
 * @param caCrl PEM certificate revocation list, null when none
 */
public record Credential(String namespace, String name, String certificateChain, String privateKey,
    String caCertificates, String caCrl) {

  public Credential {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if ((certificateChain == null) != (privateKey == null)) {
      throw new IllegalArgumentException("credential " + namespace + "/" + name
          + ": a certificate needs its private key and a key its certificate");
    }
  }

  /** {@code namespace/name}. */
  public String key() {
    return namespace + "/" + name;
  }

  public boolean hasCertificate() {
    return certificateChain != null;
  }

  public boolean hasCaCertificates() {
    return caCertificates != null;
  }

  // The key never appears in logs or debug output.
  @Override
  public String toString() {
    return "Credential[" + key() + (hasCertificate() ? ", certificate and key" : "")
        + (hasCaCertificates() ? ", CA certificates" : "") + (caCrl != null ? ", CRL" : "") + "]";
  }
}

package dev.rigging.ca.auth;

import dev.rigging.ca.Identity;
import dev.rigging.ca.crypto.ChainVerifier;
import io.grpc.Metadata;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code ClientCertificateAuthenticator} accepts a TLS client certificate that this CA issued —
 * how workloads renew before their token is needed again. The presented chain must validate
 * against the CA's current trusted roots, the leaf must allow client authentication and carry
 * exactly one URI SAN, a SPIFFE ID of this trust domain.
 *
 * <p>The chain is validated here even when the TLS layer validated it already, so the check holds
 * wherever the service is registered.
 */
public final class ClientCertificateAuthenticator implements Authenticator {
  private static final int URI_SAN = 6;
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private final String trustDomain;
  private final Supplier<List<X509Certificate>> trustedRoots;

  public ClientCertificateAuthenticator(String trustDomain, Supplier<List<X509Certificate>> trustedRoots) {
    this.trustDomain = Objects.requireNonNull(trustDomain, "trustDomain");
    this.trustedRoots = Objects.requireNonNull(trustedRoots, "trustedRoots");
  }

  @Override
  public AuthResult authenticate(Metadata headers, List<X509Certificate> peerCertificates) {
    if (peerCertificates.isEmpty()) {
      return new AuthResult.NotPresented("client certificate");
    }
    X509Certificate leaf = peerCertificates.get(0);
    try {
      ChainVerifier.verify(peerCertificates, trustedRoots.get(), Instant.now());
    } catch (GeneralSecurityException e) {
      return new AuthResult.Rejected("client certificate " + leaf.getSubjectX500Principal() + " serial "
          + leaf.getSerialNumber().toString(16) + " does not chain to a trusted root: " + e.getMessage());
    }
    try {
      List<String> eku = leaf.getExtendedKeyUsage();
      if (eku != null && !eku.contains(CLIENT_AUTH)) {
        return new AuthResult.Rejected("client certificate does not allow client authentication");
      }
      List<String> uris = uriSans(leaf);
      if (uris.size() != 1) {
        return new AuthResult.Rejected("client certificate has " + uris.size() + " URI SANs (exactly one expected)");
      }
      Optional<Identity> identity = Identity.fromSpiffeId(uris.get(0));
      if (identity.isEmpty() || !identity.get().trustDomain().equals(trustDomain)) {
        return new AuthResult.Rejected("client certificate URI SAN " + uris.get(0) + " is not a SPIFFE ID of trust domain "
            + trustDomain);
      }
      return new AuthResult.Authenticated(identity.get(), "client-certificate");
    } catch (CertificateParsingException e) {
      return new AuthResult.Rejected("client certificate extensions unreadable: " + e.getMessage());
    }
  }

  private static List<String> uriSans(X509Certificate cert) throws CertificateParsingException {
    List<String> uris = new ArrayList<>();
    Collection<List<?>> sans = cert.getSubjectAlternativeNames();
    if (sans != null) {
      for (List<?> san : sans) {
        if (san.size() == 2 && Integer.valueOf(URI_SAN).equals(san.get(0))) {
          uris.add(String.valueOf(san.get(1)));
        }
      }
    }
    return uris;
  }
}

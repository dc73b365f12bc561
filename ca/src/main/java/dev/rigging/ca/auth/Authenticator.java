package dev.rigging.ca.auth;

import io.grpc.Metadata;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Authenticator} establishes who is calling the CA from the call's metadata (bearer token,
 * {@code clusterid}) and the TLS peer's certificate chain (empty without TLS or without a client
 * certificate). Nothing else — in particular not the peer's address — is evidence of identity.
 */
public interface Authenticator {
  /**
   * @param headers the call's metadata
   * @param peerCertificates the client's certificate chain as presented, leaf first; empty when none
   */
  AuthResult authenticate(Metadata headers, List<X509Certificate> peerCertificates);

  /**
   * Tries each of {@code authenticators} in order and returns the first success, as Istio's CA does
   * with its client-certificate and token authenticators. Without a success, the result is a
   * rejection that lists every reason, or says that no credential was presented at all.
   */
  static Authenticator firstOf(List<Authenticator> authenticators) {
    List<Authenticator> all = List.copyOf(authenticators);
    return (headers, peerCertificates) -> {
      List<String> reasons = new ArrayList<>();
      for (Authenticator authenticator : all) {
        AuthResult result = authenticator.authenticate(headers, peerCertificates);
        if (result instanceof AuthResult.Authenticated) {
          return result;
        }
        if (result instanceof AuthResult.Rejected rejected) {
          reasons.add(rejected.reason());
        }
      }
      return new AuthResult.Rejected(reasons.isEmpty()
          ? "no credential presented (neither a bearer token nor a client certificate)" : String.join("; ", reasons));
    };
  }
}

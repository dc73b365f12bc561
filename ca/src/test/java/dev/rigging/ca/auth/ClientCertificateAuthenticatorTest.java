package dev.rigging.ca.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.ca.Identity;
import dev.rigging.ca.testing.TestPki;
import io.grpc.Metadata;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientCertificateAuthenticatorTest {
  final TestPki.ExternalCa ours = TestPki.intermediateCa("ours");
  final ClientCertificateAuthenticator authenticator =
      new ClientCertificateAuthenticator("cluster.local", () -> List.of(ours.root()));

  @Test
  void aCertificateWeIssuedIsItsSpiffeIdentity() {
    X509Certificate leaf = ours.issue(TestPki.ec256(), "spiffe://cluster.local/ns/shop/sa/reviews", Duration.ofHours(1));

    assertThat(authenticator.authenticate(new Metadata(), List.of(leaf, ours.signer())))
        .isEqualTo(new AuthResult.Authenticated(new Identity("cluster.local", "shop", "reviews"), "client-certificate"));
    assertThat(authenticator.authenticate(new Metadata(), List.of(leaf, ours.signer(), ours.root())))
        .as("with the root sent along").isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void refusesCertificatesFromAnotherCa() {
    TestPki.ExternalCa other = TestPki.rootCa("other");
    X509Certificate leaf = other.issue(TestPki.ec256(), "spiffe://cluster.local/ns/shop/sa/reviews", Duration.ofHours(1));

    assertThat(authenticator.authenticate(new Metadata(), List.of(leaf)))
        .isInstanceOfSatisfying(AuthResult.Rejected.class, r -> assertThat(r.reason()).contains("does not chain"));
  }

  @Test
  void refusesOtherTrustDomainsAndNonSpiffeNames() {
    X509Certificate foreignDomain = ours.issue(TestPki.ec256(), "spiffe://other.domain/ns/shop/sa/reviews", Duration.ofHours(1));
    X509Certificate notSpiffe = ours.issue(TestPki.ec256(), "https://shop.example/reviews", Duration.ofHours(1));

    assertThat(authenticator.authenticate(new Metadata(), List.of(foreignDomain, ours.signer())))
        .isInstanceOf(AuthResult.Rejected.class);
    assertThat(authenticator.authenticate(new Metadata(), List.of(notSpiffe, ours.signer())))
        .isInstanceOf(AuthResult.Rejected.class);
  }

  @Test
  void noCertificateIsNotPresented() {
    assertThat(authenticator.authenticate(new Metadata(), List.of())).isInstanceOf(AuthResult.NotPresented.class);
  }
}

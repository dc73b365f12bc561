package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.config.Credential;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialSecretsTest {
  private static Credential cred(String ns, String name, String cert, String ca) {
    return new Credential(ns, name, cert, cert == null ? null : "KEY " + name, ca, null);
  }

  @Test
  void credentialsOfOneNamespaceBecomeIstiosSdsNames() {
    Map<String, Credential> all = Map.of(
        "gw/web", cred("gw", "web", "CERT web", "CA web"),
        "gw/api", cred("gw", "api", "CERT api", null),
        "gw/api-cacert", cred("gw", "api-cacert", null, "CA api separate"),
        "gw/web-cacert", cred("gw", "web-cacert", null, "CA web separate"),
        "shop/other", cred("shop", "other", "CERT other", "CA other"));
    var secrets = CredentialSecrets.forNamespace(all, "gw");
    assertThat(secrets).extracting(Secret::getName).containsExactly("kubernetes://api", "kubernetes://api-cacert",
        "kubernetes://api-cacert-cacert", "kubernetes://web", "kubernetes://web-cacert",
        "kubernetes://web-cacert-cacert");
    Map<String, Secret> byName = new java.util.HashMap<>();
    secrets.forEach(s -> byName.put(s.getName(), s));
    assertThat(byName.get("kubernetes://web").getTlsCertificate().getPrivateKey().getInlineBytes().toStringUtf8())
        .isEqualTo("KEY web");
    assertThat(byName.get("kubernetes://api-cacert").getValidationContext().getTrustedCa().getInlineBytes()
        .toStringUtf8()).as("api has no CA of its own: the api-cacert Secret serves it").isEqualTo("CA api separate");
    assertThat(byName.get("kubernetes://web-cacert").getValidationContext().getTrustedCa().getInlineBytes()
        .toStringUtf8()).as("web's own ca.crt wins over a web-cacert Secret").isEqualTo("CA web");
  }

  @Test
  void aCredentialsToStringNeverShowsTheKey() {
    assertThat(cred("gw", "web", "CERT", "CA").toString()).doesNotContain("KEY")
        .isEqualTo("Credential[gw/web, certificate and key, CA certificates]");
  }
}

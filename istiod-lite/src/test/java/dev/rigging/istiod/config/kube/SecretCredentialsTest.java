package dev.rigging.istiod.config.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.config.Credential;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretCredentialsTest {
  private static Secret secret(String type, Map<String, String> plain) {
    SecretBuilder b = new SecretBuilder().withNewMetadata().withName("web").withNamespace("gw").endMetadata()
        .withType(type);
    plain.forEach((k, v) -> b.addToData(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return b.build();
  }

  @Test
  void tlsAndGenericKeysAreReadAsIstioReadsThem() {
    assertThat(SecretCredentials.of(secret("kubernetes.io/tls", Map.of("tls.crt", "C", "tls.key", "K",
        "ca.crt", "A", "ca.crl", "R")))).contains(new Credential("gw", "web", "C", "K", "A", "R"));
    assertThat(SecretCredentials.of(secret("Opaque", Map.of("cert", "C", "key", "K", "cacert", "A"))))
        .contains(new Credential("gw", "web", "C", "K", "A", null));
    assertThat(SecretCredentials.of(secret("Opaque", Map.of("cacert", "A"))))
        .contains(new Credential("gw", "web", null, null, "A", null));
  }

  @Test
  void secretsWithoutTlsMaterialOrWithHalfAPairAreNoCredentials() {
    assertThat(SecretCredentials.of(secret("Opaque", Map.of("password", "x")))).isEmpty();
    assertThat(SecretCredentials.of(secret("kubernetes.io/tls", Map.of("tls.crt", "C")))).isEmpty();
    assertThat(SecretCredentials.of(secret("kubernetes.io/service-account-token", Map.of("ca.crt", "A")))).isEmpty();
    Secret broken = secret("Opaque", Map.of());
    broken.setData(Map.of("tls.crt", "not base64!", "tls.key", "also not"));
    assertThat(SecretCredentials.of(broken)).isEmpty();
  }
}

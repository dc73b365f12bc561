package dev.rigging.istiod.config.kube;

import dev.rigging.istiod.config.Credential;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code SecretCredentials} reads a Kubernetes Secret as Istio's credential controller does: a
 * certificate and key under {@code tls.crt}/{@code tls.key} (type {@code kubernetes.io/tls}) or
 * {@code cert}/{@code key} (generic), trust anchors under {@code ca.crt} or {@code cacert}, and a
 * CRL under {@code ca.crl}. Secrets with none of them (service-account tokens, application
 * passwords) are not credentials and are never kept.
 */
final class SecretCredentials {
  /** Types that never hold TLS material; skipping them keeps tokens out of memory. */
  static final Set<String> IGNORED_TYPES = Set.of("kubernetes.io/service-account-token", "helm.sh/release.v1",
      "kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg", "bootstrap.kubernetes.io/token");

  private SecretCredentials() {}

  /** The credential in {@code secret}, empty when it holds no TLS material or only half a key pair. */
  static Optional<Credential> of(Secret secret) {
    if (secret == null || secret.getMetadata() == null || IGNORED_TYPES.contains(secret.getType())) {
      return Optional.empty();
    }
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String cert = first(data, "tls.crt", "cert");
    String key = first(data, "tls.key", "key");
    String ca = first(data, "ca.crt", "cacert");
    String crl = first(data, "ca.crl");
    if (cert == null || key == null) {
      // Istio serves neither half of an incomplete pair.
      cert = null;
      key = null;
    }
    if (cert == null && ca == null) {
      return Optional.empty();
    }
    return Optional.of(new Credential(secret.getMetadata().getNamespace(), secret.getMetadata().getName(), cert, key,
        ca, ca == null ? null : crl));
  }

  private static String first(Map<String, String> data, String... keys) {
    for (String k : keys) {
      String v = data.get(k);
      if (v != null && !v.isBlank()) {
        try {
          String text = new String(Base64.getDecoder().decode(v.trim()), StandardCharsets.UTF_8);
          if (!text.isBlank()) {
            return text;
          }
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }
}

package dev.rigging.ca.keys;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code SecretCaStore} keeps the bundle in Secret {@value #SECRET_NAME} (type
 * {@value #SECRET_TYPE}, Istio's key names) in the CA's namespace. Creation is create-only (a
 * conflict means another replica won, and its bundle is used) and replacement is an update
 * conditioned on the resourceVersion that was read.
 */
public final class SecretCaStore implements CaStore {
  /** Istio's name for the self-signed CA's Secret. */
  public static final String SECRET_NAME = "istio-ca-secret";
  /** Istio's type for it. */
  public static final String SECRET_TYPE = "istio.io/ca-root";

  private final KubernetesClient client;
  private final String namespace;

  public SecretCaStore(KubernetesClient client, String namespace) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  @Override
  public Optional<Stored> load() throws IOException {
    try {
      return stored(client.secrets().inNamespace(namespace).withName(SECRET_NAME).get());
    } catch (KubernetesClientException e) {
      throw new IOException(describe() + ": read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Stored createIfAbsent(CaBundle bundle) throws IOException {
    Secret secret = new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(SECRET_NAME).endMetadata()
        .withType(SECRET_TYPE).withData(encode(bundle)).build();
    try {
      return stored(client.secrets().inNamespace(namespace).resource(secret).create())
          .orElseThrow(() -> new IOException(describe() + ": created Secret has no CA data"));
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw new IOException(describe() + ": create failed: " + e.getMessage(), e);
      }
      // Another replica created it first: its root is the root.
      return load().orElseThrow(() -> new IOException(describe() + ": exists (409) but cannot be read"));
    }
  }

  @Override
  public Optional<Stored> replace(Stored expected, CaBundle next) throws IOException {
    try {
      Secret current = client.secrets().inNamespace(namespace).withName(SECRET_NAME).get();
      if (current == null || !expected.version().equals(current.getMetadata().getResourceVersion())) {
        return Optional.empty();
      }
      Map<String, String> data = new HashMap<>(current.getData() == null ? Map.of() : current.getData());
      data.putAll(encode(next));
      Secret updated = new SecretBuilder(current).withData(data).build();
      // update() sends the resourceVersion read above: the API server refuses it if anyone wrote since.
      return stored(client.secrets().inNamespace(namespace).resource(updated).update());
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return Optional.empty();
      }
      throw new IOException(describe() + ": update failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "secret:" + namespace + "/" + SECRET_NAME;
  }

  private static Optional<Stored> stored(Secret secret) {
    if (secret == null || secret.getData() == null) {
      return Optional.empty();
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    secret.getData().forEach((k, v) -> files.put(k, v == null ? null : Base64.getDecoder().decode(v)));
    return CaBundle.fromFiles(files).map(b -> new Stored(b, secret.getMetadata().getResourceVersion()));
  }

  private static Map<String, String> encode(CaBundle bundle) {
    Map<String, String> data = new LinkedHashMap<>();
    bundle.files().forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v)));
    return data;
  }
}

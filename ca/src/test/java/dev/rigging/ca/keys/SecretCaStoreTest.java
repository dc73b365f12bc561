package dev.rigging.ca.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rigging.ca.CaConfig;
import dev.rigging.ca.CertificateAuthority;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.testing.TestPki;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class SecretCaStoreTest {
  static final String NAMESPACE = "istio-system";

  KubernetesMockServer server;
  KubernetesClient client;

  CaConfig.Builder config() {
    return CaConfig.builder(new CaConfig.Storage.KubernetesSecret(client, NAMESPACE));
  }

  @Test
  void theRootIsCreatedOnceInIstiosSecretAndSurvivesARestart() throws Exception {
    X509Certificate root;
    try (CertificateAuthority ca = new CertificateAuthority(config().build())) {
      root = ca.activeRoot();
    }

    Secret secret = client.secrets().inNamespace(NAMESPACE).withName(SecretCaStore.SECRET_NAME).get();
    assertThat(secret.getType()).isEqualTo("istio.io/ca-root");
    assertThat(secret.getData()).containsOnlyKeys("ca-cert.pem", "ca-key.pem", "cert-chain.pem", "root-cert.pem");
    assertThat(Pem.certificates(decode(secret, "ca-cert.pem"))).containsExactly(root);

    try (CertificateAuthority restarted = new CertificateAuthority(config().build())) {
      assertThat(restarted.activeRoot()).isEqualTo(root);
    }
  }

  @Test
  void replicasStartingTogetherEndUpWithOneRoot() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<CertificateAuthority> replicas = new ArrayList<>();
    try {
      Callable<CertificateAuthority> start = () -> new CertificateAuthority(config().build());
      List<Future<CertificateAuthority>> starting = pool.invokeAll(List.of(start, start, start));
      for (Future<CertificateAuthority> f : starting) {
        replicas.add(f.get());
      }
      X509Certificate stored = Pem.certificates(decode(
          client.secrets().inNamespace(NAMESPACE).withName(SecretCaStore.SECRET_NAME).get(), "ca-cert.pem")).get(0);
      assertThat(replicas).extracting(CertificateAuthority::activeRoot).containsOnly(stored);
    } finally {
      replicas.forEach(CertificateAuthority::close);
      pool.shutdownNow();
    }
  }

  @Test
  void replacementIsConditionalOnTheVersionRead() throws Exception {
    SecretCaStore store = new SecretCaStore(client, NAMESPACE);
    TestPki.ExternalCa a = TestPki.rootCa("a");
    TestPki.ExternalCa b = TestPki.rootCa("b");
    CaStore.Stored first = store.createIfAbsent(a.asPluggedBundle());

    assertThat(store.createIfAbsent(b.asPluggedBundle()).bundle()).as("create-only").isEqualTo(a.asPluggedBundle());
    CaStore.Stored second = store.replace(first, b.asPluggedBundle()).orElseThrow();
    assertThat(second.bundle()).isEqualTo(b.asPluggedBundle());
    assertThat(store.replace(first, a.asPluggedBundle())).as("stale version").isEmpty();
    assertThat(store.load().orElseThrow().bundle()).isEqualTo(b.asPluggedBundle());
  }

  @Test
  void readsASecretWrittenByUpstreamIstiod() throws Exception {
    TestPki.ExternalCa upstream = TestPki.rootCa("cluster.local");
    client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(SecretCaStore.SECRET_NAME)
        .withNamespace(NAMESPACE).endMetadata().withType(SecretCaStore.SECRET_TYPE).withData(Map.of(
            "ca-cert.pem", encode(Pem.encode(upstream.root())), "ca-key.pem", encode(Pem.encode(upstream.rootKey()))))
        .build()).create();

    try (CertificateAuthority ca = new CertificateAuthority(config().build())) {
      assertThat(ca.activeRoot()).isEqualTo(upstream.root());
      assertThat(ca.trustedRoots()).containsExactly(upstream.root());
    }
  }

  @Test
  void aRotationByOneReplicaIsAdoptedByTheOthers() throws Exception {
    try (CertificateAuthority rotating = new CertificateAuthority(config().rootValidity(Duration.ofSeconds(10))
            .rootRotationThreshold(0.5).rootCheckInterval(Duration.ofHours(1)).build());
        CertificateAuthority other = new CertificateAuthority(config().rootCheckInterval(Duration.ofHours(1)).build())) {
      X509Certificate before = rotating.activeRoot();
      assertThat(other.activeRoot()).isEqualTo(before);

      // Due once less than half of the 10 s root remains.
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
        rotating.refresh();
        return !rotating.activeRoot().equals(before);
      });
      other.refresh();

      assertThat(other.activeRoot()).isEqualTo(rotating.activeRoot());
      assertThat(other.trustedRoots()).containsExactly(rotating.activeRoot(), before);
    }
  }

  private static String decode(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.US_ASCII);
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.US_ASCII));
  }
}

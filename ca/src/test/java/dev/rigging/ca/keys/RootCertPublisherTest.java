package dev.rigging.ca.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.testing.TestPki;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class RootCertPublisherTest {
  KubernetesMockServer server;
  KubernetesClient client;
  final AtomicReference<List<X509Certificate>> roots = new AtomicReference<>();
  RootCertPublisher publisher;

  @BeforeEach
  void start() {
    roots.set(List.of(TestPki.rootCa("first").root()));
    for (String ns : List.of("default", "istio-system", "shop")) {
      namespace(ns);
    }
    publisher = new RootCertPublisher(client, roots::get);
    publisher.start();
  }

  @AfterEach
  void stop() {
    publisher.close();
  }

  @Test
  void publishesTheRootsInEveryNamespaceIncludingNewOnes() {
    waiting().until(() -> published("default") && published("istio-system") && published("shop"));

    namespace("created-later");

    waiting().until(() -> published("created-later"));
    ConfigMap cm = configMap("shop");
    assertThat(cm.getMetadata().getLabels()).containsEntry("istio.io/config", "true");
    assertThat(cm.getData()).containsOnlyKeys("root-cert.pem");
  }

  @Test
  void repairsADeletedOrEditedConfigMap() {
    waiting().until(() -> published("shop") && published("default"));

    client.configMaps().inNamespace("shop").withName(RootCertPublisher.CONFIG_MAP_NAME).delete();
    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder(configMap("default"))
        .addToData("root-cert.pem", "tampered").build()).update();

    waiting().until(() -> published("shop") && published("default"));
  }

  @Test
  void republishesEverywhereWhenTheRootsChange() {
    waiting().until(() -> published("shop"));
    X509Certificate next = TestPki.rootCa("second").root();
    roots.set(List.of(next, roots.get().get(0)));

    publisher.rootsChanged(roots.get());

    waiting().until(() -> published("default") && published("istio-system") && published("shop"));
    assertThat(configMap("shop").getData().get("root-cert.pem")).startsWith(Pem.encode(next));
  }

  private void namespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
  }

  private ConfigMap configMap(String namespace) {
    return client.configMaps().inNamespace(namespace).withName(RootCertPublisher.CONFIG_MAP_NAME).get();
  }

  private boolean published(String namespace) {
    ConfigMap cm = configMap(namespace);
    return cm != null && Pem.encode(roots.get()).equals(cm.getData().get("root-cert.pem"));
  }

  private static ConditionFactory waiting() {
    return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50));
  }
}

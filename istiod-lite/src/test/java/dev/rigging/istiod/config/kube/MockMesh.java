package dev.rigging.istiod.config.kube;

import static org.awaitility.Awaitility.await;

import dev.rigging.istiod.config.ConfigChange;
import dev.rigging.istiod.config.ConfigMetrics;
import dev.rigging.istiod.config.ConfigSnapshot;
import dev.rigging.istiod.config.ConfigStore;
import dev.rigging.mesh.config.Kind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.core.ConditionFactory;

/**
 * {@code MockMesh} is a {@link KubernetesConfigSource} wired to a store over a Fabric8 mock API
 * server, recording every store update with the snapshot it produced.
 */
final class MockMesh implements AutoCloseable {
  /** A store update as a listener saw it. */
  record Update(ConfigChange change, ConfigSnapshot snapshot) {}

  final KubernetesClient client;
  final ConfigStore store = new ConfigStore();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final List<Update> updates = new CopyOnWriteArrayList<>();
  KubernetesConfigSource source;

  MockMesh(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
    store.addListener(change -> updates.add(new Update(change, store.snapshot())));
  }

  /** Registers the Istio CRDs shipped in mesh-core, except {@code skipped}. */
  MockMesh withIstioCrds(Kind... skipped) {
    for (Kind kind : Kind.values()) {
      if (Arrays.asList(skipped).contains(kind)) {
        continue;
      }
      String path = "crds/" + IstioCrds.crdName(kind) + ".yaml";
      try (InputStream in = MockMesh.class.getClassLoader().getResourceAsStream(path)) {
        Objects.requireNonNull(in, path + " not on the class path (mesh-core resources)");
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return this;
  }

  /** Starts a source over every namespace and waits until it has synced. */
  MockMesh startAndSync() {
    return startAndSync(Map.of());
  }

  MockMesh startAndSync(Map<String, String> discoverySelector) {
    source = new KubernetesConfigSource(client, new ConfigMetrics(meters), "cluster.local", discoverySelector,
        Duration.ofSeconds(5));
    source.start(store);
    waiting().until(source::synced);
    return this;
  }

  static ConditionFactory waiting() {
    return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20));
  }

  /** Waits for a store update matching {@code test} and returns the first one. */
  Update awaitUpdate(Predicate<Update> test) {
    return awaitUpdate(0, test);
  }

  /** Waits for a store update matching {@code test} among those from index {@code from} on. */
  Update awaitUpdate(int from, Predicate<Update> test) {
    return waiting().until(() -> updates.stream().skip(from).filter(test).findFirst().orElse(null), Objects::nonNull);
  }

  /** The index the next update will have. */
  int mark() {
    return updates.size();
  }

  ConfigSnapshot snapshot() {
    return store.snapshot();
  }

  void applyIstio(Kind kind, GenericKubernetesResource resource) {
    client.genericKubernetesResources(IstioCrds.context(kind)).inNamespace(resource.getMetadata().getNamespace())
        .resource(resource).createOr(NonDeletingOperation::update);
  }

  void deleteIstio(Kind kind, String ns, String name) {
    client.genericKubernetesResources(IstioCrds.context(kind)).inNamespace(ns).withName(name).delete();
  }

  <T extends HasMetadata> T apply(T resource) {
    return client.resource(resource).createOr(NonDeletingOperation::update);
  }

  <T extends HasMetadata> void delete(T resource) {
    client.resource(resource).delete();
  }

  @Override
  public void close() {
    if (source != null) {
      source.close();
    }
  }
}

package dev.rigging.lifecycle.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionConditionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * TEST-ONLY stand-in for the kubelet, the Deployment controller and the apiextensions controller,
 * none of which run in a mock API server. Every 250 ms it marks each CRD Established; every 50 ms
 * it writes each Deployment's status: rolled out and ready — or, for Deployments matching
 * {@link #neverReady}, observed but with no ready replica, which is how tests prove that rig
 * times out and rolls back. It writes through the status subresource only, as the real
 * controllers do.
 */
public final class KubeletStandIn implements AutoCloseable {
  private final List<MockCluster> clusters = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kubelet-stand-in");
    t.setDaemon(true);
    return t;
  });
  private volatile Predicate<Deployment> neverReady = d -> false;
  private long ticks;

  public KubeletStandIn(MockCluster... clusters) {
    this.clusters.addAll(List.of(clusters));
    loop.scheduleWithFixedDelay(this::tick, 0, 50, TimeUnit.MILLISECONDS);
  }

  /** Deployments matching {@code p} never become ready (until this is changed again). */
  public void neverReady(Predicate<Deployment> p) {
    this.neverReady = p;
  }

  /** A predicate for Deployments whose first container image contains {@code text}. */
  public static Predicate<Deployment> image(String text) {
    return d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().contains(text);
  }

  private void tick() {
    // CRDs are large; listing them every tick on several mock servers costs more CPU than the
    // tests can spare, and 250 ms is still far below any readiness timeout.
    boolean crdTick = ticks++ % 5 == 0;
    for (MockCluster c : clusters) {
      try {
        if (crdTick) {
          markCrds(c);
        }
        markDeployments(c);
      } catch (KubernetesClientException e) {
        // A write raced with rig's (409 Conflict on resourceVersion); the next tick retries.
      } catch (RuntimeException e) {
        // The server may be shutting down at the end of a test.
      }
    }
  }

  private static void markCrds(MockCluster c) {
    for (CustomResourceDefinition crd : c.client().apiextensions().v1().customResourceDefinitions().list().getItems()) {
      boolean established = crd.getStatus() != null && crd.getStatus().getConditions() != null
          && crd.getStatus().getConditions().stream().anyMatch(x -> "Established".equals(x.getType()));
      if (!established) {
        crd.setStatus(new CustomResourceDefinitionStatusBuilder()
            .withConditions(new CustomResourceDefinitionConditionBuilder().withType("Established").withStatus("True")
                .build())
            .withStoredVersions(crd.getSpec().getVersions().stream().filter(v -> v.getStorage()).map(v -> v.getName())
                .toList())
            .build());
        c.client().resource(crd).updateStatus();
      }
    }
  }

  private void markDeployments(MockCluster c) {
    for (Deployment d : c.client().apps().deployments().inAnyNamespace().list().getItems()) {
      int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      long generation = d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
      int ready = neverReady.test(d) ? 0 : desired;
      var status = new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(desired)
          .withUpdatedReplicas(desired).withReadyReplicas(ready).withAvailableReplicas(ready)
          .withUnavailableReplicas(desired - ready).build();
      if (!status.equals(d.getStatus())) {
        d.setStatus(status);
        c.client().resource(d).updateStatus();
      }
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}

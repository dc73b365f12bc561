package dev.rigging.lifecycle.kube;

import dev.rigging.lifecycle.errors.FailureException;
import dev.rigging.lifecycle.render.ManifestItem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code ReadinessWaiter} polls until CRDs are Established and Deployments have rolled out, with
 * {@code kubectl rollout status}'s rule: the controller saw the latest generation, every replica is
 * updated, no old replica is left, and the updated ones are available. Past the timeout it fails
 * naming each object that is not ready and how far it got.
 */
public final class ReadinessWaiter {
  private final Cluster cluster;
  private final Duration poll;

  public ReadinessWaiter(Cluster cluster, Duration poll) {
    this.cluster = cluster;
    this.poll = poll;
  }

  /**
   * Waits for {@code objects} (other kinds are ready once applied). {@code waiting} hears, once
   * per object, that rig is waiting for it.
   */
  public void await(List<HasMetadata> objects, Duration timeout, Consumer<String> waiting) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<HasMetadata> pending = new ArrayList<>(objects.stream()
        .filter(o -> o instanceof Deployment || o instanceof CustomResourceDefinition).toList());
    Map<String, String> lastState = new LinkedHashMap<>();
    boolean announced = false;
    while (true) {
      pending.removeIf(o -> notReady(o).isEmpty());
      pending.forEach(o -> lastState.put(ManifestItem.describe(o), notReady(o).orElse("")));
      if (pending.isEmpty()) {
        return;
      }
      if (!announced) {
        pending.forEach(o -> waiting.accept(ManifestItem.describe(o)));
        announced = true;
      }
      if (System.nanoTime() > deadline) {
        List<String> details = pending.stream().map(o -> ManifestItem.describe(o) + " (" + lastState.get(
            ManifestItem.describe(o)) + ")").toList();
        throw new FailureException("not ready after " + format(timeout) + ": " + String.join(", ", details));
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FailureException("interrupted while waiting for readiness");
      }
    }
  }

  /** Why {@code o} is not ready yet, or empty when it is. */
  Optional<String> notReady(HasMetadata o) {
    if (o instanceof CustomResourceDefinition crd) {
      CustomResourceDefinition live = cluster.call("read " + ManifestItem.describe(o),
          () -> cluster.client().apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).get());
      boolean established = live != null && live.getStatus() != null && live.getStatus().getConditions() != null
          && live.getStatus().getConditions().stream()
          .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
      return established ? Optional.empty() : Optional.of("not Established");
    }
    Deployment d = (Deployment) o;
    Deployment live = cluster.call("read " + ManifestItem.describe(o), () -> cluster.client().apps().deployments()
        .inNamespace(d.getMetadata().getNamespace()).withName(d.getMetadata().getName()).get());
    if (live == null) {
      return Optional.of("missing");
    }
    return deploymentNotReady(live);
  }

  /** {@code kubectl rollout status}'s test for one Deployment. */
  public static Optional<String> deploymentNotReady(Deployment live) {
    int desired = live.getSpec().getReplicas() == null ? 1 : live.getSpec().getReplicas();
    DeploymentStatus s = live.getStatus() == null ? new DeploymentStatus() : live.getStatus();
    long generation = live.getMetadata().getGeneration() == null ? 0 : live.getMetadata().getGeneration();
    long observed = s.getObservedGeneration() == null ? 0 : s.getObservedGeneration();
    int updated = n(s.getUpdatedReplicas());
    int replicas = n(s.getReplicas());
    int available = n(s.getAvailableReplicas());
    if (observed < generation) {
      return Optional.of("rollout not started");
    }
    if (updated < desired) {
      return Optional.of(updated + "/" + desired + " updated");
    }
    if (replicas > updated) {
      return Optional.of((replicas - updated) + " old replicas pending termination");
    }
    if (available < updated) {
      return Optional.of(available + "/" + desired + " ready");
    }
    return Optional.empty();
  }

  private static int n(Integer i) {
    return i == null ? 0 : i;
  }

  static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}

package dev.rigging.lifecycle.fleet;

import dev.rigging.lifecycle.errors.RigException;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.kube.ClusterRef;
import dev.rigging.lifecycle.kube.MeshStateReader;
import dev.rigging.lifecycle.kube.ReadinessWaiter;
import dev.rigging.lifecycle.render.InstalledState;
import dev.rigging.lifecycle.render.RigLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code FleetStatus} reads where every cluster of a fleet stands: reachable or not, its Kubernetes
 * version, the installed revisions and versions, and whether rig's Deployments are ready. A
 * cluster that cannot be read is reported as such; the others are still read.
 */
public final class FleetStatus {
  private FleetStatus() {}

  /** One cluster's standing. */
  public record Row(Fleet.Member member, String kubernetes, String revisions, String versions, String ready,
      String problem) {}

  public static List<Row> read(Fleet fleet, ClusterRef defaults) {
    List<Row> rows = new ArrayList<>();
    for (Fleet.Member m : fleet.clusters()) {
      try (Cluster c = Cluster.connect(new ClusterRef(m.kubeconfig().or(defaults::kubeconfig), Optional.of(m.context())))) {
        String k8s = c.kubernetesVersion().toString();
        List<InstalledState> installed = MeshStateReader.installed(c, fleet.namespace());
        String revisions = installed.stream().map(InstalledState::revision).collect(Collectors.joining(","));
        String versions = installed.stream().map(InstalledState::version).distinct().collect(Collectors.joining(","));
        List<String> notReady = new ArrayList<>();
        c.call("list rig Deployments", () -> c.client().apps().deployments().inNamespace(fleet.namespace())
                .withLabels(Map.of(RigLabels.MANAGED_BY, RigLabels.RIG)).list().getItems())
            .forEach(d -> ReadinessWaiter.deploymentNotReady(d).ifPresent(w -> notReady.add(d.getMetadata().getName())));
        rows.add(new Row(m, k8s, revisions.isEmpty() ? "-" : revisions, versions.isEmpty() ? "-" : versions,
            installed.isEmpty() ? "-" : notReady.isEmpty() ? "ready" : "not ready: " + String.join(",", notReady), ""));
      } catch (RigException e) {
        rows.add(new Row(m, "-", "-", "-", "-", e.getMessage()));
      }
    }
    return rows;
  }
}

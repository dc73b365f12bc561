package dev.rigging.lifecycle.fleet;

import dev.rigging.lifecycle.install.WebhookTargetCheck;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.kube.MeshStateReader;
import dev.rigging.lifecycle.kube.ReadinessWaiter;
import dev.rigging.lifecycle.render.InstalledState;
import dev.rigging.lifecycle.render.RigLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ClusterHealth} is the gate between waves: a cluster is healthy when every rig Deployment
 * of the mesh (control planes and gateways) is rolled out and ready, the upgraded revision runs
 * the expected version, and no rig webhook calls a missing Service.
 */
public final class ClusterHealth {
  private ClusterHealth() {}

  /** The reasons {@code cluster} is unhealthy; empty when it is healthy. */
  public static List<String> problems(Cluster cluster, String namespace, String revision, String expectedVersion) {
    List<String> out = new ArrayList<>();
    cluster.call("list rig Deployments", () -> cluster.client().apps().deployments().inNamespace(namespace)
            .withLabels(Map.of(RigLabels.MANAGED_BY, RigLabels.RIG)).list().getItems())
        .forEach(d -> ReadinessWaiter.deploymentNotReady(d).ifPresent(why ->
            out.add("Deployment " + namespace + "/" + d.getMetadata().getName() + ": " + why)));
    String runs = MeshStateReader.installed(cluster, namespace, revision).map(InstalledState::version).orElse("nothing");
    if (!runs.equals(expectedVersion)) {
      out.add("revision " + revision + " runs " + runs + ", not " + expectedVersion);
    }
    WebhookTargetCheck.check(cluster, namespace).forEach(m -> out.add(m.text()));
    return out;
  }
}

package dev.rigging.lifecycle.install;

import dev.rigging.lifecycle.errors.FailureException;
import dev.rigging.lifecycle.errors.UsageException;
import dev.rigging.lifecycle.kube.Applier;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.kube.MeshStateReader;
import dev.rigging.lifecycle.kube.OwnedObjects;
import dev.rigging.lifecycle.kube.WebhookReconciler;
import dev.rigging.lifecycle.output.Progress;
import dev.rigging.lifecycle.render.KindOrder;
import dev.rigging.lifecycle.render.RigLabels;
import dev.rigging.lifecycle.webhook.MeshState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code Uninstaller} removes one revision or, with purge, everything rig installed except the
 * CRDs (they hold every team's Istio config) and the namespace (it may hold the plugged-in CA
 * {@code cacerts}). It refuses while anything still uses a revision, unless forced. Webhooks are
 * reconciled to the state without the revision before its Service is deleted, so no webhook ever
 * calls a Service that no longer exists.
 */
public final class Uninstaller {
  private final Cluster cluster;
  private final String namespace;
  private final Progress progress;

  public Uninstaller(Cluster cluster, String namespace, Progress progress) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.progress = progress;
  }

  /** Removes {@code revision}; returns what was deleted. */
  public List<Applier.Applied> uninstallRevision(String revision, boolean force, boolean dryRun) {
    MeshState state = MeshStateReader.read(cluster, namespace);
    if (!state.revisions().containsKey(revision)) {
      throw new UsageException("revision \"" + revision + "\" is not installed in " + namespace + "; installed: "
          + (state.revisions().isEmpty() ? "none" : String.join(", ", state.revisions().keySet())));
    }
    refuseIfUsed(state, List.of(revision), force);
    Applier applier = new Applier(cluster, dryRun, false);
    progress.step("Removing revision " + revision + ".");
    List<Applier.Applied> out = new ArrayList<>(WebhookReconciler.reconcile(cluster, applier, state.withoutRevision(revision)));
    out.addAll(delete(applier, OwnedObjects.list(cluster, namespace, Map.of(RigLabels.REV, revision))));
    progress.ok((dryRun ? "Would remove" : "Removed") + " revision " + revision);
    return out;
  }

  /** Removes every revision, webhook and gateway of the mesh. */
  public List<Applier.Applied> purge(boolean force, boolean dryRun) {
    MeshState state = MeshStateReader.read(cluster, namespace);
    refuseIfUsed(state, List.copyOf(state.revisions().keySet()), force);
    Applier applier = new Applier(cluster, dryRun, false);
    progress.step("Removing every rig object in " + namespace + ".");
    List<Applier.Applied> out = new ArrayList<>(WebhookReconciler.reconcile(cluster, applier, MeshState.empty(namespace)));
    out.addAll(delete(applier, OwnedObjects.list(cluster, namespace, Map.of())));
    progress.ok((dryRun ? "Would remove" : "Removed") + " Rigging from " + namespace
        + " (CRDs and the namespace are kept; see docs/rig.md to remove them)");
    return out;
  }

  private void refuseIfUsed(MeshState state, List<String> revisions, boolean force) {
    List<String> uses = new ArrayList<>();
    for (String r : revisions) {
      RevisionUsage u = RevisionUsage.of(cluster, state, r);
      // With purge every tag goes anyway; only workloads and namespaces count.
      List<String> lines = revisions.size() > 1
          ? new RevisionUsage(u.namespaces(), u.pods(), List.of(), List.of()).describe() : u.describe();
      lines.forEach(l -> uses.add("revision " + r + ": " + l));
    }
    if (uses.isEmpty()) {
      return;
    }
    if (!force) {
      throw new FailureException("refusing to uninstall: it is still in use:\n  " + String.join("\n  ", uses)
          + "\nmove these to another revision first, or pass --force to remove it anyway");
    }
    uses.forEach(u -> progress.note("--force: removing although " + u));
  }

  private List<Applier.Applied> delete(Applier applier, List<HasMetadata> objects) {
    List<Applier.Applied> out = new ArrayList<>();
    for (HasMetadata o : objects.stream().filter(o -> !Installer.isWebhookObject(o)).sorted(KindOrder.DELETE).toList()) {
      out.add(applier.delete(o));
    }
    return out;
  }
}

package dev.rigging.lifecycle.install;

import dev.rigging.lifecycle.errors.FailureException;
import dev.rigging.lifecycle.kube.Applier;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.kube.OwnedObjects;
import dev.rigging.lifecycle.kube.ReadinessWaiter;
import dev.rigging.lifecycle.kube.WebhookReconciler;
import dev.rigging.lifecycle.output.Progress;
import dev.rigging.lifecycle.render.Component;
import dev.rigging.lifecycle.render.KindOrder;
import dev.rigging.lifecycle.render.ManifestItem;
import dev.rigging.lifecycle.render.RigLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code Installer} applies an {@link InstallPlan} component by component, in dependency order:
 * the base (CRDs, waited until Established, and the namespace), the revision's control plane
 * (waited until ready), the webhooks (reconciled to the plan's mesh state only once the control
 * plane they call is ready), then gateways (waited until ready). Objects of the revision that the
 * plan no longer contains (a gateway switched off, an autoscaler replaced by a fixed count) are
 * pruned last. Each component reports once: installed, unchanged, or the error.
 */
public final class Installer {
  private final Cluster cluster;
  private final InstallOptions options;
  private final Progress progress;

  public Installer(Cluster cluster, InstallOptions options, Progress progress) {
    this.cluster = cluster;
    this.options = options;
    this.progress = progress;
  }

  /** Applies {@code plan}; returns every object and what happened to it. */
  public List<Applier.Applied> install(InstallPlan plan) {
    Applier applier = new Applier(cluster, options.dryRun(), options.takeOver());
    ReadinessWaiter waiter = new ReadinessWaiter(cluster, options.poll());
    List<Applier.Applied> all = new ArrayList<>();
    for (Component c : plan.manifest().components()) {
      progress.step("Processing resources for " + c.title() + ".");
      List<Applier.Applied> applied;
      try {
        applied = c == Component.WEBHOOKS ? WebhookReconciler.reconcile(cluster, applier, plan.after())
            : applyAndWait(applier, waiter, plan.manifest().of(Set.of(c)));
      } catch (FailureException e) {
        progress.failed(c.title() + " encountered an error: " + e.getMessage());
        throw e;
      }
      boolean changed = applied.stream().anyMatch(a -> a.change() != Applier.Change.UNCHANGED);
      progress.ok(c.title() + (changed ? (options.dryRun() ? " would change" : " installed") : " unchanged"));
      all.addAll(applied);
    }
    all.addAll(prune(applier, plan));
    return all;
  }

  private List<Applier.Applied> applyAndWait(Applier applier, ReadinessWaiter waiter, List<ManifestItem> items) {
    List<Applier.Applied> out = new ArrayList<>();
    for (ManifestItem i : items) {
      out.add(applier.apply(i.object()));
    }
    if (!options.dryRun()) {
      waiter.await(items.stream().map(ManifestItem::object).toList(), options.readinessTimeout(),
          what -> progress.step("Waiting for " + what));
    }
    return out;
  }

  private List<Applier.Applied> prune(Applier applier, InstallPlan plan) {
    Set<String> rendered = plan.manifest().objects().stream().map(Installer::key).collect(Collectors.toSet());
    List<HasMetadata> stale = OwnedObjects.list(cluster, plan.target().namespace(),
            Map.of(RigLabels.REV, plan.target().revision())).stream()
        .filter(o -> !isWebhookObject(o))
        .filter(o -> !rendered.contains(key(o)))
        .sorted(KindOrder.DELETE)
        .toList();
    List<Applier.Applied> out = new ArrayList<>();
    for (HasMetadata o : stale) {
      out.add(applier.delete(o));
      progress.note("removed " + ManifestItem.describe(o) + " (no longer part of revision " + plan.target().revision() + ")");
    }
    return out;
  }

  /** Webhook configurations and their access roles are the webhook reconciler's, not the revision's. */
  static boolean isWebhookObject(HasMetadata o) {
    Map<String, String> l = o.getMetadata().getLabels();
    return o.getKind().endsWith("WebhookConfiguration") || (l != null && l.containsKey(RigLabels.WEBHOOK_ACCESS));
  }

  static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }
}

package dev.rigging.lifecycle.install;

import dev.rigging.lifecycle.errors.FailureException;
import dev.rigging.lifecycle.errors.UsageException;
import dev.rigging.lifecycle.kube.Applier;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.kube.MeshStateReader;
import dev.rigging.lifecycle.kube.WebhookReconciler;
import dev.rigging.lifecycle.render.RevisionNames;
import dev.rigging.lifecycle.render.RigLabels;
import dev.rigging.lifecycle.spec.SpecValidator;
import dev.rigging.lifecycle.webhook.MeshState;
import dev.rigging.lifecycle.webhook.WebhookPlanner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code TagManager} sets, moves and removes revision tags. A tag change is a change of the mesh
 * state followed by a webhook reconcile, so the {@code default} tag also moves the default
 * injection and {@code istiod-default-validator}, and no tag can point at a revision that is not
 * installed. Namespaces labelled with a tag follow it for new pods; running pods keep their proxy
 * until restarted, which rig says.
 */
public final class TagManager {
  private final Cluster cluster;
  private final String namespace;

  public TagManager(Cluster cluster, String namespace) {
    this.cluster = cluster;
    this.namespace = namespace;
  }

  /** A tag, its revision, and the namespaces that use it. */
  public record TagInfo(String tag, String revision, List<String> namespaces) {}

  public List<TagInfo> list() {
    MeshState state = MeshStateReader.read(cluster, namespace);
    List<TagInfo> out = new ArrayList<>();
    state.effectiveTags().forEach((tag, rev) -> out.add(new TagInfo(tag, rev, namespacesUsing(tag, state))));
    return out;
  }

  /** Points {@code tag} at {@code revision}; returns the webhook changes and the namespaces that follow. */
  public Result set(String tag, String revision, boolean overwrite, boolean dryRun) {
    validateName(tag);
    MeshState state = MeshStateReader.read(cluster, namespace);
    if (!state.revisions().containsKey(revision)) {
      throw new UsageException("revision \"" + revision + "\" is not installed in " + namespace + "; installed: "
          + (state.revisions().isEmpty() ? "none" : String.join(", ", state.revisions().keySet())));
    }
    if (state.revisions().containsKey(tag) && !MeshState.DEFAULT.equals(tag)) {
      throw new UsageException("cannot create revision tag \"" + tag + "\": a revision has the same name");
    }
    String current = state.effectiveTags().get(tag);
    if (current != null && !overwrite && !current.equals(revision)) {
      throw new UsageException("revision tag \"" + tag + "\" already points at " + current
          + "; pass --overwrite to move it to " + revision);
    }
    MeshState after = state.withTag(tag, revision);
    List<Applier.Applied> changes = WebhookReconciler.reconcile(cluster, new Applier(cluster, dryRun, false), after);
    return new Result(current, changes, namespacesUsing(tag, after));
  }

  /** Removes {@code tag}; refuses while namespaces use it unless forced. */
  public Result remove(String tag, boolean force, boolean dryRun) {
    MeshState state = MeshStateReader.read(cluster, namespace);
    String current = state.effectiveTags().get(tag);
    if (current == null) {
      throw new UsageException("revision tag \"" + tag + "\" does not exist; tags: "
          + (state.effectiveTags().isEmpty() ? "none" : String.join(", ", state.effectiveTags().keySet())));
    }
    if (MeshState.DEFAULT.equals(tag) && state.defaultIsImplicit()) {
      throw new UsageException("the default tag is revision default itself; it goes away only with that revision"
          + " (rig uninstall --revision default)");
    }
    List<String> users = namespacesUsing(tag, state);
    if (!users.isEmpty() && !force) {
      throw new FailureException("refusing to remove revision tag \"" + tag + "\": namespaces still use it: "
          + String.join(", ", users) + "; relabel them or pass --force");
    }
    List<Applier.Applied> changes = WebhookReconciler.reconcile(cluster, new Applier(cluster, dryRun, false),
        state.withoutTag(tag));
    return new Result(current, changes, users);
  }

  /** The webhooks {@code tag} would have if it pointed at {@code revision} (istioctl tag generate). */
  public List<HasMetadata> generate(String tag, String revision) {
    validateName(tag);
    MeshState state = MeshStateReader.read(cluster, namespace);
    if (!state.revisions().containsKey(revision)) {
      throw new UsageException("revision \"" + revision + "\" is not installed in " + namespace);
    }
    String name = RevisionNames.tagWebhook(tag, namespace);
    String defaultValidator = RevisionNames.defaultValidator(namespace);
    return WebhookPlanner.plan(state.withTag(tag, revision)).stream()
        .filter(o -> o.getMetadata().getName().equals(name)
            || (MeshState.DEFAULT.equals(tag) && o.getMetadata().getName().equals(defaultValidator)))
        .toList();
  }

  /** The outcome of a tag change: where the tag pointed before, the webhook changes, and who follows. */
  public record Result(String previous, List<Applier.Applied> changes, List<String> namespaces) {}

  private List<String> namespacesUsing(String tag, MeshState state) {
    Map<String, String> result = new TreeMap<>();
    boolean isDefault = MeshState.DEFAULT.equals(tag);
    cluster.call("list namespaces", () -> cluster.client().namespaces().list().getItems()).forEach(ns -> {
      Map<String, String> l = ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
      if (tag.equals(l.get(RigLabels.REV)) || (isDefault && "enabled".equals(l.get("istio-injection")))) {
        result.put(ns.getMetadata().getName(), "");
      }
    });
    return List.copyOf(result.keySet());
  }

  private static void validateName(String tag) {
    if (!SpecValidator.REVISION.matcher(tag).matches()) {
      throw new UsageException("\"" + tag + "\" is not a valid tag name; use lowercase letters, digits and '-'");
    }
  }
}

package dev.rigging.lifecycle.kube;

import dev.rigging.lifecycle.errors.FailureException;
import dev.rigging.lifecycle.render.ManifestItem;
import dev.rigging.lifecycle.render.RigLabels;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Objects;

/**
 * {@code Applier} writes rendered objects with server-side apply (field manager {@code rig},
 * conflicts forced, as istioctl does) and deletes objects rig owns.
 *
 * <p>Before applying, it reads the live object: if that carries the same
 * {@link RigLabels#MANIFEST_HASH} as the rendered one, nothing is sent ({@link Change#UNCHANGED}),
 * which is how a second identical install changes nothing and can say so; a missing object is
 * created again. An existing object that rig does not own (an upstream Istio, a user's object) is
 * never taken over unless {@code takeOver} is set — except the mesh namespace, which rig only
 * labels.
 */
public final class Applier {
  /** The field manager of every write rig makes. */
  public static final String FIELD_MANAGER = "rig";

  /** What applying did (or, in a dry run, would do). */
  public enum Change {
    CREATED("created"),
    CONFIGURED("configured"),
    UNCHANGED("unchanged"),
    DELETED("deleted");

    private final String verb;

    Change(String verb) {
      this.verb = verb;
    }

    public String verb() {
      return verb;
    }
  }

  /** One object and what happened to it. */
  public record Applied(HasMetadata object, Change change) {
    public String describe() {
      return ManifestItem.describe(object) + " " + change.verb();
    }
  }

  private final Cluster cluster;
  private final boolean dryRun;
  private final boolean takeOver;

  public Applier(Cluster cluster, boolean dryRun, boolean takeOver) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.dryRun = dryRun;
    this.takeOver = takeOver;
  }

  public boolean dryRun() {
    return dryRun;
  }

  public Applied apply(HasMetadata desired) {
    String what = ManifestItem.describe(desired);
    HasMetadata live = cluster.call("read " + what, () -> cluster.client().resource(desired).get());
    if (live != null && !RigLabels.isOwned(live) && !"Namespace".equals(desired.getKind()) && !takeOver) {
      throw new FailureException(what + " exists and is not managed by rig (label " + RigLabels.MANAGED_BY + "="
          + RigLabels.RIG + " is missing); an upstream Istio or another tool owns it. Remove it, install under another"
          + " revision (-r), or pass --force to take it over");
    }
    if (live != null && Objects.equals(hash(live), hash(desired))) {
      return new Applied(live, Change.UNCHANGED);
    }
    Change change = live == null ? Change.CREATED : Change.CONFIGURED;
    if (dryRun) {
      return new Applied(desired, change);
    }
    HasMetadata applied = cluster.call("apply " + what, () ->
        cluster.client().resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply());
    return new Applied(applied, change);
  }

  /** Deletes {@code o} if rig owns it; a missing object is already deleted. */
  public Applied delete(HasMetadata o) {
    String what = ManifestItem.describe(o);
    if (!RigLabels.isOwned(o)) {
      throw new FailureException("refusing to delete " + what + ": it is not managed by rig");
    }
    if (!dryRun) {
      cluster.run("delete " + what, () -> cluster.client().resource(o)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
    }
    return new Applied(o, Change.DELETED);
  }

  private static String hash(HasMetadata o) {
    Map<String, String> a = o.getMetadata().getAnnotations();
    return a == null ? null : a.get(RigLabels.MANIFEST_HASH);
  }
}

package dev.rigging.lifecycle.install;

import dev.rigging.lifecycle.catalog.Catalog;
import dev.rigging.lifecycle.catalog.Flavour;
import dev.rigging.lifecycle.catalog.MeshVersion;
import dev.rigging.lifecycle.errors.UsageException;
import dev.rigging.lifecycle.render.Manifest;
import dev.rigging.lifecycle.render.ManifestRenderer;
import dev.rigging.lifecycle.render.RenderTarget;
import dev.rigging.lifecycle.spec.ResolvedSpec;
import dev.rigging.lifecycle.webhook.MeshState;
import dev.rigging.lifecycle.webhook.RevisionSettingsOf;
import dev.rigging.lifecycle.webhook.WebhookPlanner;

/**
 * {@code InstallPlan} is one install worked out before anything is written: what to render, the
 * mesh state before and after (the new revision added; the {@code default} tag pointed at it if
 * the mesh has no default yet, as istioctl does for a first revisioned install) and the manifest.
 */
public record InstallPlan(RenderTarget target, MeshState before, MeshState after, Manifest manifest) {

  /** Plans installing {@code spec} into a mesh that is in state {@code before}. */
  public static InstallPlan of(Catalog catalog, ResolvedSpec spec, String namespace, MeshState before) {
    MeshVersion version = spec.spec().version() == null
        ? catalog.latest(Flavour.of(spec.spec().flavour()))
        : catalog.require(spec.spec().version());
    // Fails early, naming the flavours this version has, if it lacks the requested one.
    version.images(Flavour.of(spec.spec().flavour()));
    RenderTarget target = new RenderTarget(spec, version, namespace);
    String rev = target.revision();
    if (before.tags().containsKey(rev) && !MeshState.DEFAULT.equals(rev)) {
      throw new UsageException("revision \"" + rev + "\" has the name of an existing revision tag (pointing at "
          + before.tags().get(rev) + "); choose another revision name or remove the tag first");
    }
    MeshState after = before.withRevision(rev, RevisionSettingsOf.spec(target.spec()));
    if (after.defaultTarget().isEmpty()) {
      after = after.withTag(MeshState.DEFAULT, rev);
    }
    return new InstallPlan(target, before, after, ManifestRenderer.render(target, WebhookPlanner.plan(after)));
  }

  /** Plans installing into an empty cluster ({@code manifest generate}). */
  public static InstallPlan fresh(Catalog catalog, ResolvedSpec spec, String namespace) {
    return of(catalog, spec, namespace, MeshState.empty(namespace));
  }
}

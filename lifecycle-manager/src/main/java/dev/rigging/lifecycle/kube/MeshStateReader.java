package dev.rigging.lifecycle.kube;

import dev.rigging.lifecycle.errors.FailureException;
import dev.rigging.lifecycle.render.InstalledState;
import dev.rigging.lifecycle.render.RigLabels;
import dev.rigging.lifecycle.spec.SpecReader;
import dev.rigging.lifecycle.webhook.MeshState;
import dev.rigging.lifecycle.webhook.RevisionSettingsOf;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code MeshStateReader} reads what rig installed in a cluster: the installed-state records (one
 * per revision) and the revision tags (rig's {@code istio-revision-tag-*} webhooks). A revision
 * exists for rig exactly when its record exists.
 */
public final class MeshStateReader {
  private MeshStateReader() {}

  /** The installed revisions' records, by revision name. */
  public static List<InstalledState> installed(Cluster c, String namespace) {
    var list = c.call("read rig's installed-state records in " + namespace, () -> c.client().configMaps()
        .inNamespace(namespace).withLabel(RigLabels.INSTALLED_STATE, "true").withLabel(RigLabels.MANAGED_BY, RigLabels.RIG)
        .list().getItems());
    return list.stream().map(InstalledState::from).sorted(Comparator.comparing(InstalledState::revision)).toList();
  }

  public static Optional<InstalledState> installed(Cluster c, String namespace, String revision) {
    return installed(c, namespace).stream().filter(s -> s.revision().equals(revision)).findFirst();
  }

  /** The mesh state: revisions with their webhook settings, and tags. */
  public static MeshState read(Cluster c, String namespace) {
    Map<String, MeshState.RevisionSettings> revisions = new LinkedHashMap<>();
    for (InstalledState s : installed(c, namespace)) {
      SpecReader.Result r = SpecReader.read(s.spec());
      if (r.error().isPresent()) {
        throw new FailureException("the installed spec of revision " + s.revision() + " cannot be read: "
            + r.error().get());
      }
      revisions.put(s.revision(), RevisionSettingsOf.spec(r.spec()));
    }
    Map<String, String> tags = new LinkedHashMap<>();
    var webhooks = c.call("list revision tags", () -> c.client().admissionRegistration().v1()
        .mutatingWebhookConfigurations().withLabel(RigLabels.MANAGED_BY, RigLabels.RIG)
        .withLabel(RigLabels.MESH, namespace).list().getItems());
    webhooks.stream().filter(w -> w.getMetadata().getLabels().containsKey(RigLabels.TAG))
        .forEach(w -> tags.put(w.getMetadata().getLabels().get(RigLabels.TAG), RigLabels.revisionOf(w)));
    return new MeshState(namespace, revisions, tags);
  }
}

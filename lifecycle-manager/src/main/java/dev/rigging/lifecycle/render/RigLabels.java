package dev.rigging.lifecycle.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code RigLabels} are the labels and annotations by which rig recognises what it owns. rig only
 * ever changes or deletes objects that carry {@link #MANAGED_BY} = {@link #RIG}; everything else
 * (an upstream Istio, objects a user made) is reported, never touched.
 */
public final class RigLabels {
  private RigLabels() {}

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String RIG = "rig";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String RIGGING = "rigging";
  public static final String REV = "istio.io/rev";
  public static final String TAG = "istio.io/tag";
  /** Istio's component label, so that {@code kubectl get -l operator.istio.io/component=Pilot} works. */
  public static final String COMPONENT = "operator.istio.io/component";
  public static final String INSTALLED_STATE = "rigging.dev/installed-state";
  /** The mesh namespace a cluster-scoped webhook object belongs to (two meshes may share a cluster). */
  public static final String MESH = "rigging.dev/mesh";
  /** Marks the ClusterRoles and bindings rendered from the webhook plan. */
  public static final String WEBHOOK_ACCESS = "rigging.dev/webhook-access";
  /** Hash of the object as rig rendered it; equal hash means applying again would change nothing. */
  public static final String MANIFEST_HASH = "rigging.dev/manifest-hash";

  /** The labels every rig object carries. */
  public static Map<String, String> owned(String component) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(MANAGED_BY, RIG);
    m.put(PART_OF, RIGGING);
    m.put(COMPONENT, component);
    return m;
  }

  /** The owned labels plus {@code istio.io/rev}. */
  public static Map<String, String> revisioned(String component, String revision) {
    Map<String, String> m = owned(component);
    m.put(REV, revision);
    return m;
  }

  public static boolean isOwned(HasMetadata o) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return labels != null && RIG.equals(labels.get(MANAGED_BY));
  }

  /** The {@code istio.io/rev} label of {@code o}, or null. */
  public static String revisionOf(HasMetadata o) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return labels == null ? null : labels.get(REV);
  }
}

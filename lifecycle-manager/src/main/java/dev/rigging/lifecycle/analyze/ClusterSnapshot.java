package dev.rigging.lifecycle.analyze;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ClusterSnapshot} is what the cluster analyzers look at besides Istio config: namespaces,
 * pods, the hosts of Services, the mesh's revisions and tags, and the webhook entries whose Service
 * is missing.
 *
 * @param tags every tag (the implicit default included) with the revision it resolves to
 * @param defaultRevision the revision {@code istio-injection=enabled} resolves to, or null
 */
public record ClusterSnapshot(String meshNamespace, List<Namespace> namespaces, List<Pod> pods, Set<String> serviceHosts,
    Set<String> revisions, Map<String, String> tags, String defaultRevision, List<String> danglingWebhooks) {
  public ClusterSnapshot {
    namespaces = List.copyOf(namespaces);
    pods = List.copyOf(pods);
    serviceHosts = Set.copyOf(serviceHosts);
    revisions = Set.copyOf(revisions);
    tags = Map.copyOf(tags);
    danglingWebhooks = List.copyOf(danglingWebhooks);
  }

  /** The revision that label value {@code rev} (a revision or a tag) resolves to, or null. */
  public String resolve(String rev) {
    if (revisions.contains(rev)) {
      return rev;
    }
    return tags.get(rev);
  }
}

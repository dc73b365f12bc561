package dev.rigging.mesh.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ObjectMeta} is the part of Kubernetes object metadata Rigging uses. Other metadata fields
 * (managedFields, ownerReferences…) are accepted and ignored: they belong to the API server.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObjectMeta(
    String name,
    String namespace,
    Map<String, String> labels,
    Map<String, String> annotations,
    String resourceVersion,
    Long generation,
    String uid,
    String creationTimestamp) {

  public ObjectMeta {
    labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    annotations =
        annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
  }

  /** Metadata with only a name and a namespace. */
  public static ObjectMeta of(String namespace, String name) {
    return new ObjectMeta(name, namespace, null, null, null, null, null, null);
  }

  /** The same metadata in another namespace. */
  public ObjectMeta withNamespace(String ns) {
    return new ObjectMeta(name, ns, labels, annotations, resourceVersion, generation, uid, creationTimestamp);
  }
}

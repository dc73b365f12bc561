package dev.rigging.istiod.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * {@code AdmissionRequest} is the part of an {@code admission.k8s.io/v1} AdmissionReview request
 * that the webhooks read. The object is kept as the JSON the API server sent, because a mutating
 * webhook's patch is computed against exactly that document.
 *
 * @param uid echoed in the response, as the API server requires
 * @param group API group of the object's kind ({@code ""} for core)
 * @param version API version of the object's kind
 * @param kind e.g. {@code Pod}, {@code VirtualService}
 * @param name the object's name, empty when the API server does not know it yet (generateName)
 * @param namespace the request's namespace
 * @param operation {@code CREATE}, {@code UPDATE}, {@code DELETE} or {@code CONNECT}
 * @param object the object as admitted; null for DELETE
 * @param dryRun whether the API server will not persist the object
 */
public record AdmissionRequest(String uid, String group, String version, String kind, String name, String namespace,
    String operation, JsonNode object, boolean dryRun) {

  public AdmissionRequest {
    Objects.requireNonNull(uid, "uid");
    group = Objects.requireNonNullElse(group, "");
    version = Objects.requireNonNullElse(version, "");
    kind = Objects.requireNonNullElse(kind, "");
    name = Objects.requireNonNullElse(name, "");
    namespace = Objects.requireNonNullElse(namespace, "");
    operation = Objects.requireNonNullElse(operation, "");
  }

  /** {@code kind namespace/name} for logs. */
  public String describe() {
    return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + (name.isEmpty() ? "(generated name)" : name);
  }
}

package dev.rigging.istiod.webhook.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rigging.istiod.webhook.AdmissionController;
import dev.rigging.istiod.webhook.AdmissionRequest;
import dev.rigging.istiod.webhook.AdmissionResponse;
import dev.rigging.mesh.config.ConfigError;
import dev.rigging.mesh.config.ConfigLoader;
import dev.rigging.mesh.config.Origin;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code ConfigValidationController} is {@code /validate}: it refuses Istio objects that
 * istiod-lite would reject, before they are stored, using mesh-core's {@link ConfigLoader} — the
 * decoding and validation that the config sources and {@code rig analyze} apply — and words every
 * finding as analyze does. Kinds mesh-core does not know are let through with a warning (analyze's
 * RIG0001): refusing them would block config for other Istio components. Deletions are never
 * refused.
 */
public final class ConfigValidationController implements AdmissionController {
  private static final Logger LOG = Logger.getLogger(ConfigValidationController.class);

  @Override
  public AdmissionResponse admit(AdmissionRequest request) {
    if (!request.operation().equals("CREATE") && !request.operation().equals("UPDATE")) {
      return AdmissionResponse.allow();
    }
    if (request.object() == null) {
      return AdmissionResponse.deny(400, request.operation() + " request for " + request.describe() + " has no object");
    }
    JsonNode object = withName(request.object());
    String namespace = request.namespace().isEmpty() ? "default" : request.namespace();
    String kind = object.path("kind").asText(request.kind());
    String name = object.path("metadata").path("name").asText(request.name());
    String ns = object.path("metadata").path("namespace").asText(namespace);
    ConfigLoader.Loaded loaded = new ConfigLoader(namespace).load(object, Origin.kubernetes(kind, ns, name));
    if (loaded.ok()) {
      return AdmissionResponse.allow();
    }
    List<ConfigError> errors = loaded.errors();
    if (errors.stream().allMatch(AnalyzeMessages::isUnknownKind)) {
      return AdmissionResponse.allowWithWarnings(errors.stream().map(AnalyzeMessages::of).toList());
    }
    List<String> messages = errors.stream().filter(e -> !AnalyzeMessages.isUnknownKind(e))
        .map(AnalyzeMessages::of).toList();
    LOG.infof("validation refused %s %s/%s%s: %s", kind, ns, name, request.dryRun() ? " (dry run)" : "",
        String.join("; ", messages));
    return AdmissionResponse.deny(400, String.join("\n", messages));
  }

  // An object created with generateName has no name yet; the API server assigns one after
  // admission. Validate it under a placeholder rather than report a missing name the user did set.
  private static JsonNode withName(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    if (metadata.path("name").asText("").isEmpty() && !metadata.path("generateName").asText("").isEmpty()
        && object instanceof ObjectNode o && metadata instanceof ObjectNode m) {
      ObjectNode copy = o.deepCopy();
      ((ObjectNode) copy.get("metadata")).put("name", m.get("generateName").asText() + "generated");
      return copy;
    }
    return object;
  }
}

package dev.rigging.istiod.webhook.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code ProxyConfigs} computes a pod's ProxyConfig as istiod does for injection: MeshConfig's
 * {@code defaultConfig} with the pod's {@code proxy.istio.io/config} annotation (YAML or JSON)
 * merged over it — nested objects merged field by field, anything else replaced. The result is
 * what {@code PROXY_CONFIG} hands to pilot-agent.
 */
final class ProxyConfigs {
  private static final ObjectMapper YAML = new YAMLMapper();

  private ProxyConfigs() {}

  /** Thrown when the annotation is not a YAML/JSON mapping. */
  static final class InvalidProxyConfigException extends Exception {
    InvalidProxyConfigException(String message) {
      super(message);
    }
  }

  /** {@code defaults} (changed in place) with {@code annotation} merged over it; null annotation means none. */
  static ObjectNode merge(ObjectNode defaults, String annotation) throws InvalidProxyConfigException {
    if (annotation == null || annotation.isBlank()) {
      return defaults;
    }
    JsonNode overlay;
    try {
      overlay = YAML.readTree(annotation);
    } catch (IOException e) {
      throw new InvalidProxyConfigException("annotation " + IstioAnnotations.PROXY_CONFIG + " is not valid YAML: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    if (overlay == null || !overlay.isObject()) {
      throw new InvalidProxyConfigException("annotation " + IstioAnnotations.PROXY_CONFIG
          + " must be a ProxyConfig mapping, e.g. {holdApplicationUntilProxyStarts: true}");
    }
    deepMerge(defaults, (ObjectNode) overlay);
    return defaults;
  }

  private static void deepMerge(ObjectNode target, ObjectNode overlay) {
    for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = target.get(e.getKey());
      if (existing instanceof ObjectNode t && e.getValue() instanceof ObjectNode o) {
        deepMerge(t, o);
      } else {
        target.set(e.getKey(), e.getValue());
      }
    }
  }
}

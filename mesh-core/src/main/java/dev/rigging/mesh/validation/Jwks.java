package dev.rigging.mesh.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * {@code Jwks} checks where a RequestAuthentication gets its keys: a {@code jwksUri} Istio can fetch
 * (http or https, with a host, at most 2048 characters) or an inline {@code jwks} that parses as a
 * JSON Web Key Set (RFC 7517: an object with a {@code keys} array, or a single key), each key with a
 * key type Envoy knows.
 */
final class Jwks {
  static final int MAX_URI_LENGTH = 2048;
  private static final Set<String> KEY_TYPES = Set.of("RSA", "EC", "oct", "OKP");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXAMPLE = "; expected e.g. https://example.com/.well-known/jwks.json";

  private Jwks() {}

  static String uriProblem(String uri) {
    if (uri.length() > MAX_URI_LENGTH) {
      return "jwksUri is " + uri.length() + " characters long; must be at most " + MAX_URI_LENGTH;
    }
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      return "jwksUri \"" + uri + "\" is not a valid URL: " + e.getReason() + EXAMPLE;
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return "jwksUri \"" + uri + "\" must start with https:// (or http://)" + EXAMPLE;
    }
    // the raw authority, because URI.getHost() is null for names with '_' that Istio accepts
    String authority = u.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      return "jwksUri \"" + uri + "\" has no host" + EXAMPLE;
    }
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    int colon = hostPort.lastIndexOf(':');
    if (colon >= 0 && colon > hostPort.lastIndexOf(']')) {
      String port = hostPort.substring(colon + 1);
      if (port.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9') || port.length() > 5) {
        return "jwksUri \"" + uri + "\" has an invalid port \"" + port + "\"; must be a number between 1 and 65535";
      }
      String range = Ports.numberProblem(Integer.parseInt(port));
      if (range != null) {
        return "jwksUri \"" + uri + "\": " + range;
      }
    }
    return null;
  }

  static String setProblem(String jwks) {
    JsonNode node;
    try {
      node = JSON.readTree(jwks);
    } catch (JsonProcessingException e) {
      return "jwks is not valid JSON (" + e.getOriginalMessage() + "); expected a JSON Web Key Set such as {\"keys\": [{\"kty\": \"RSA\", ...}]}";
    }
    if (node == null || !node.isObject()) {
      return "jwks must be a JSON object: a key set {\"keys\": [...]} or a single key";
    }
    if (!node.has("keys")) {
      return keyProblem(node, "jwks");
    }
    JsonNode keys = node.get("keys");
    if (!keys.isArray()) {
      return "jwks \"keys\" must be an array of keys";
    }
    for (int i = 0; i < keys.size(); i++) {
      String problem = keyProblem(keys.get(i), "jwks keys[" + i + "]");
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static String keyProblem(JsonNode key, String where) {
    if (!key.isObject()) {
      return where + " is not a JSON object";
    }
    JsonNode kty = key.get("kty");
    if (kty == null || !kty.isTextual()) {
      return where + " has no \"kty\" (key type); valid: " + String.join(", ", KEY_TYPES.stream().sorted().toList());
    }
    if (!KEY_TYPES.contains(kty.asText())) {
      return where + " has unsupported key type \"" + kty.asText() + "\"; valid: " + String.join(", ", KEY_TYPES.stream().sorted().toList());
    }
    return null;
  }
}

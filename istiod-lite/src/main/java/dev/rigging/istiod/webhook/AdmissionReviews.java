package dev.rigging.istiod.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;

/**
 * {@code AdmissionReviews} reads and writes {@code admission.k8s.io/v1} AdmissionReview documents.
 * Only v1 is accepted: every webhook configuration rig renders lists {@code admissionReviewVersions: [v1]}.
 */
public final class AdmissionReviews {
  static final String API_VERSION = "admission.k8s.io/v1";
  static final String KIND = "AdmissionReview";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private AdmissionReviews() {}

  /** The body is not an AdmissionReview v1 request; the message says what is wrong. */
  public static final class InvalidReviewException extends Exception {
    InvalidReviewException(String message) {
      super(message);
    }
  }

  /** Parses a request body. */
  public static AdmissionRequest read(byte[] body) throws InvalidReviewException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new InvalidReviewException("body is not JSON: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidReviewException("body is not a JSON object; expected an AdmissionReview");
    }
    String apiVersion = root.path("apiVersion").asText("");
    String kind = root.path("kind").asText("");
    if (!KIND.equals(kind) || !API_VERSION.equals(apiVersion)) {
      throw new InvalidReviewException("expected apiVersion " + API_VERSION + " kind " + KIND + ", got apiVersion \""
          + apiVersion + "\" kind \"" + kind + "\"");
    }
    JsonNode request = root.path("request");
    if (!request.isObject()) {
      throw new InvalidReviewException("AdmissionReview has no request");
    }
    String uid = request.path("uid").asText("");
    if (uid.isEmpty()) {
      throw new InvalidReviewException("request.uid is missing");
    }
    JsonNode gvk = request.path("kind");
    JsonNode object = request.path("object");
    return new AdmissionRequest(uid, gvk.path("group").asText(""), gvk.path("version").asText(""),
        gvk.path("kind").asText(""), request.path("name").asText(""), request.path("namespace").asText(""),
        request.path("operation").asText(""), object.isObject() ? object : null, request.path("dryRun").asBoolean(false));
  }

  /** The AdmissionReview answering the request with {@code uid}. */
  public static byte[] write(String uid, AdmissionResponse response) {
    ObjectNode root = JSON.createObjectNode();
    root.put("apiVersion", API_VERSION);
    root.put("kind", KIND);
    ObjectNode r = root.putObject("response");
    r.put("uid", uid);
    r.put("allowed", response.allowed());
    if (!response.allowed()) {
      ObjectNode status = r.putObject("status");
      status.put("code", response.code());
      status.put("message", response.message());
    }
    if (response.patch() != null) {
      r.put("patchType", "JSONPatch");
      r.put("patch", Base64.getEncoder().encodeToString(toBytes(response.patch())));
    }
    if (!response.warnings().isEmpty()) {
      response.warnings().forEach(r.putArray("warnings")::add);
    }
    return toBytes(root);
  }

  private static byte[] toBytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + node.getNodeType(), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }
}

package dev.rigging.istiod.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Objects;

/**
 * {@code AdmissionResponse} is a webhook's answer: allowed or not (with the HTTP-like status code
 * and message the API server shows the user), an optional JSON patch, and warnings that
 * {@code kubectl} prints.
 *
 * @param allowed whether the API server may go on
 * @param code status code for a refusal ({@code 400} for invalid config, {@code 500} when the webhook failed)
 * @param message why it was refused, null when allowed
 * @param patch RFC 6902 operations to apply to the object, null for none
 * @param warnings shown to the client, never affect the decision
 */
public record AdmissionResponse(boolean allowed, int code, String message, ArrayNode patch, List<String> warnings) {
  public AdmissionResponse {
    warnings = List.copyOf(warnings);
  }

  /** Allowed, unchanged. */
  public static AdmissionResponse allow() {
    return new AdmissionResponse(true, 0, null, null, List.of());
  }

  /** Allowed, unchanged, with warnings for the client. */
  public static AdmissionResponse allowWithWarnings(List<String> warnings) {
    return new AdmissionResponse(true, 0, null, null, warnings);
  }

  /** Allowed after applying {@code patch}; an empty patch is sent as none. */
  public static AdmissionResponse patch(ArrayNode patch) {
    return new AdmissionResponse(true, 0, null, patch == null || patch.isEmpty() ? null : patch, List.of());
  }

  /** Refused with {@code code} and {@code message}. */
  public static AdmissionResponse deny(int code, String message) {
    return new AdmissionResponse(false, code, Objects.requireNonNull(message, "message"), null, List.of());
  }
}

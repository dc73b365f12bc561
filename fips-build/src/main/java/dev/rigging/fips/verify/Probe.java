package dev.rigging.fips.verify;

/**
 * {@code Probe} is one negative probe: an operation a FIPS variant must refuse, actually attempted,
 * next to its approved counterpart (the control), which must work — so that a refusal shows the
 * policy, not a broken set-up.
 *
 * @param name what is probed, e.g. {@code RSA-1024 key generation}
 * @param attempt the operation attempted
 * @param refusal how it was refused ({@code Exception: message}), or null when it was allowed
 * @param control the approved counterpart
 * @param controlFailure why the control failed, or null when it worked
 */
public record Probe(String name, String attempt, String refusal, String control, String controlFailure) {
  /** Refused, and the control worked. */
  public boolean passed() {
    return refusal != null && controlFailure == null;
  }

  /** A short verdict for the report. */
  public String verdict() {
    if (controlFailure != null) {
      return "FAIL (control failed)";
    }
    return refusal != null ? "refused" : "FAIL (allowed)";
  }
}

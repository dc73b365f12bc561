package dev.rigging.istiod.webhook;

/**
 * {@code AdmissionController} decides one admission request: the injector behind {@code /inject},
 * the validator behind {@code /validate}. Implementations never throw for bad input: what the user
 * sent is answered with a refusal that says what is wrong.
 */
@FunctionalInterface
public interface AdmissionController {
  AdmissionResponse admit(AdmissionRequest request);
}

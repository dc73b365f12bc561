package dev.rigging.istiod.security;

import dev.rigging.mesh.api.security.RequestAuthentication.JWTRule;
import java.util.List;
import java.util.Objects;

/**
 * {@code JwtProvider} is one accepted token issuer of a workload port, with the keys its tokens
 * are verified against: the RequestAuthentication rule, and the key set inline in it or fetched by
 * the control plane. Without keys ({@link #keysProblem()} not empty) the provider is kept with a
 * key set no token can match, so that tokens of that issuer are rejected rather than accepted.
 *
 * @param name Envoy's provider name, Istio's {@code origins-N}
 * @param rule the RequestAuthentication rule
 * @param jwks the key set JSON to verify with
 * @param keysProblem why the real keys are missing, empty when they are there
 */
public record JwtProvider(String name, JWTRule rule, String jwks, String keysProblem) {

  /**
   * A key set whose only key is the public half of an RSA key pair whose private half was
   * destroyed when it was made: it parses, and nothing can ever be verified with it.
   */
  public static final String UNVERIFIABLE_JWKS = "{\"keys\":[{\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\","
      + "\"kid\":\"rigging-unverifiable\",\"e\":\"AQAB\",\"n\":\"tN9rTArz2gTNIVXKjf7POwplqvzZWMbVK9jHaf-KnqihxtHO1dD2K"
      + "FhSRiSmChdvFjYiYGfS0Iti7XDjz0DZLtgiT9E4xboibRlNhjBzn6IeaSmBvH-P0qLZgEccQophRADaFLEMFcbrDP9sNAg79hDkZ3bVS2T1r"
      + "I1JNS3QWw0lj2XP6V7W1rGtcJJwvwuuisR8qK-GYFKz8i9A9hNDCTjS1VOKgVgm-r2n9Jfeb9o4SKjdQWDfSzIrZtJwfVAapcKTwNV4gfaG_wP"
      + "BPVKzEvlB1SwOvrwTW4OYR4QRYwaeb1DJPvBI-vNtc2diYoWrieNy8nyKWWNLP6kla6JBbw\"}]}";

  public JwtProvider {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(jwks, "jwks");
    Objects.requireNonNull(keysProblem, "keysProblem");
  }

  /** The issuer tokens must carry; empty when the rule names none. */
  public String issuer() {
    return rule.issuer() == null ? "" : rule.issuer();
  }

  /** The accepted audiences; any audience when empty. */
  public List<String> audiences() {
    return rule.audiences();
  }

  /** Whether tokens of this issuer can be verified at all. */
  public boolean hasKeys() {
    return keysProblem.isEmpty();
  }
}

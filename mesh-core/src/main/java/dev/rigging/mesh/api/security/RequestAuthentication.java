package dev.rigging.mesh.api.security;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.rigging.mesh.api.networking.MatchLabelsSelector;
import java.time.Duration;
import java.util.List;

/**
 * {@code RequestAuthentication} is the spec of a security.istio.io RequestAuthentication: which
 * JWTs the selected workloads (or the attached gateways) accept. A request with an invalid token is
 * rejected; a request without a token is accepted without an identity (an AuthorizationPolicy
 * decides whether that is enough).
 *
 * @param selector workloads this policy applies to; absent (with no target) means every workload of
 *     the namespace
 * @param targetRef a single resource the policy attaches to
 * @param targetRefs resources the policy attaches to (at most 16)
 * @param jwtRules the accepted token issuers, one rule each
 */
public record RequestAuthentication(
    MatchLabelsSelector selector,
    PolicyTargetReference targetRef,
    List<PolicyTargetReference> targetRefs,
    List<JWTRule> jwtRules) {

  public RequestAuthentication {
    targetRefs = Lists.orEmpty("targetRefs", targetRefs);
    jwtRules = Lists.orEmpty("jwtRules", jwtRules);
  }

  /**
   * How to find, verify and forward one issuer's tokens.
   *
   * @param issuer the {@code iss} claim of accepted tokens; may be omitted when jwksUri is set
   * @param audiences accepted {@code aud} values; a token with any of them is accepted
   * @param jwksUri where to fetch the public keys (http or https); Istio's CRD also accepts the
   *     spelling {@code jwks_uri}
   * @param jwks the public keys inline, as a JSON Web Key Set; not together with jwksUri
   * @param fromHeaders headers to take the token from; the default is {@code Authorization: Bearer}
   * @param fromParams query parameters to take the token from; the default is {@code access_token}
   * @param outputPayloadToHeader header to write the verified payload to (base64url encoded)
   * @param forwardOriginalToken keep the token in the request sent upstream
   * @param outputClaimToHeaders claims to copy into request headers
   * @param fromCookies cookies to take the token from
   * @param timeout how long to wait for the JWKS fetch; at least 1ms
   * @param spaceDelimitedClaims claims whose string value holds space-separated values (such as
   *     {@code scope}), so that authorization can match single values
   */
  public record JWTRule(
      String issuer,
      List<String> audiences,
      @JsonAlias("jwks_uri") String jwksUri,
      String jwks,
      List<JWTHeader> fromHeaders,
      List<String> fromParams,
      String outputPayloadToHeader,
      Boolean forwardOriginalToken,
      List<ClaimToHeader> outputClaimToHeaders,
      List<String> fromCookies,
      Duration timeout,
      List<String> spaceDelimitedClaims) {
    public JWTRule {
      audiences = Lists.orEmpty("audiences", audiences);
      fromHeaders = Lists.orEmpty("fromHeaders", fromHeaders);
      fromParams = Lists.orEmpty("fromParams", fromParams);
      outputClaimToHeaders = Lists.orEmpty("outputClaimToHeaders", outputClaimToHeaders);
      fromCookies = Lists.orEmpty("fromCookies", fromCookies);
      spaceDelimitedClaims = Lists.orEmpty("spaceDelimitedClaims", spaceDelimitedClaims);
    }
  }

  /** A header that carries the token, with a prefix to strip (e.g. {@code "Bearer "}). */
  public record JWTHeader(String name, String prefix) {}

  /** Copies claim {@code claim} of a verified token into request header {@code header}. */
  public record ClaimToHeader(String header, String claim) {}
}

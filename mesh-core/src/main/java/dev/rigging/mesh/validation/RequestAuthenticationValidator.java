package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.security.RequestAuthentication;
import dev.rigging.mesh.api.security.RequestAuthentication.ClaimToHeader;
import dev.rigging.mesh.api.security.RequestAuthentication.JWTRule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code RequestAuthenticationValidator} checks a RequestAuthentication: how it picks workloads,
 * and each JWT rule (who issues the tokens, where the keys come from, where the token is found and
 * which claims are copied to headers).
 */
final class RequestAuthenticationValidator {
  /** Istio's CRD bound on spaceDelimitedClaims. */
  static final int MAX_SPACE_DELIMITED_CLAIMS = 64;
  // the header names Istio accepts for claim headers (its CRD pattern and strict header check)
  private static final Pattern HEADER = Pattern.compile("[-_A-Za-z0-9]+");

  private RequestAuthenticationValidator() {}

  static void validate(Issues issues, RequestAuthentication ra) {
    PolicyTargets.check(issues, ra.selector(), ra.targetRef(), ra.targetRefs());
    Map<String, Integer> issuers = new HashMap<>();
    for (int i = 0; i < ra.jwtRules().size(); i++) {
      String p = Issues.at("spec.jwtRules", i);
      JWTRule rule = ra.jwtRules().get(i);
      jwtRule(issues, p, rule);
      if (rule.issuer() != null && !rule.issuer().isEmpty()) {
        Integer first = issuers.putIfAbsent(rule.issuer(), i);
        if (first != null) {
          issues.warn(p + ".issuer", "issuer \"" + rule.issuer() + "\" is also configured at " + Issues.at("spec.jwtRules", first)
              + "; keep one rule per issuer (merge their audiences and token locations) so that it is clear which keys verify its tokens");
        }
      }
    }
  }

  private static void jwtRule(Issues issues, String p, JWTRule rule) {
    boolean hasUri = rule.jwksUri() != null && !rule.jwksUri().isEmpty();
    if (rule.issuer() == null && !hasUri) {
      issues.error(p + ".issuer", "issuer is required unless jwksUri is set: the iss claim of the accepted tokens, e.g. https://accounts.google.com");
    } else if (rule.issuer() != null && rule.issuer().isEmpty()) {
      issues.error(p + ".issuer", "issuer is empty; give the iss claim of the accepted tokens, e.g. https://accounts.google.com");
    }
    notEmpty(issues, p + ".audiences", rule.audiences(), "audience");
    if (rule.jwksUri() != null) {
      issues.errorIfPresent(p + ".jwksUri", rule.jwksUri().isEmpty()
          ? "jwksUri is empty; give the URL of the key set, e.g. https://example.com/.well-known/jwks.json, or remove it"
          : Jwks.uriProblem(rule.jwksUri()));
    }
    if (rule.jwks() != null && !rule.jwks().isEmpty()) {
      if (hasUri) {
        issues.error(p + ".jwks", "jwks and jwksUri are mutually exclusive; give the keys inline (jwks) or where to fetch them (jwksUri), not both");
      }
      issues.errorIfPresent(p + ".jwks", Jwks.setProblem(rule.jwks()));
    }
    for (int j = 0; j < rule.fromHeaders().size(); j++) {
      String name = rule.fromHeaders().get(j).name();
      if (name == null || name.isEmpty()) {
        issues.error(Issues.at(p + ".fromHeaders", j) + ".name", "header name is required, e.g. {name: x-jwt-assertion, prefix: \"Bearer \"}");
      }
    }
    notEmpty(issues, p + ".fromParams", rule.fromParams(), "query parameter name");
    notEmpty(issues, p + ".fromCookies", rule.fromCookies(), "cookie name");
    for (int j = 0; j < rule.outputClaimToHeaders().size(); j++) {
      claimToHeader(issues, Issues.at(p + ".outputClaimToHeaders", j), rule.outputClaimToHeaders().get(j));
    }
    Durations.check(issues, p + ".timeout", rule.timeout());
    if (rule.spaceDelimitedClaims().size() > MAX_SPACE_DELIMITED_CLAIMS) {
      issues.error(p + ".spaceDelimitedClaims", rule.spaceDelimitedClaims().size() + " claims; at most " + MAX_SPACE_DELIMITED_CLAIMS + " are allowed");
    }
    notEmpty(issues, p + ".spaceDelimitedClaims", rule.spaceDelimitedClaims(), "claim name");
  }

  private static void claimToHeader(Issues issues, String p, ClaimToHeader c) {
    if (c.header() == null || c.header().isEmpty()) {
      issues.error(p + ".header", "header is required: the request header to write the claim to, e.g. x-jwt-sub");
    } else if (!HEADER.matcher(c.header()).matches()) {
      issues.error(p + ".header", "invalid header name \"" + c.header() + "\"; use letters, digits, '-' and '_', e.g. x-jwt-sub");
    }
    if (c.claim() == null || c.claim().isEmpty()) {
      issues.error(p + ".claim", "claim is required: the claim to copy, e.g. sub, or a nested claim such as realm.role");
    } else if (c.claim().chars().anyMatch(Character::isWhitespace) || List.of(c.claim().split("\\.", -1)).contains("")) {
      // nested claims are dot-separated; an empty step or a blank can never name a claim
      issues.error(p + ".claim", "invalid claim \"" + c.claim() + "\"; use a claim name, or dot-separated names for nested claims such as realm.role");
    }
  }

  private static void notEmpty(Issues issues, String field, List<String> values, String what) {
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i).isEmpty()) {
        issues.error(Issues.at(field, i), "empty " + what + "; remove the entry or give a value");
      }
    }
  }
}

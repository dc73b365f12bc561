package dev.rigging.istiod.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code AuthzExplainer} decides a request the way the port's proxy will, from the very
 * {@link PortAuthorization} and {@link JwtProvider}s translated into its config, and says why:
 * JWT verification (HTTP ports with RequestAuthentications), then CUSTOM, DENY and ALLOW rules in
 * Istio's order; AUDIT rules are reported and never change the outcome.
 */
public final class AuthzExplainer {
  private AuthzExplainer() {}

  /**
   * A token the request carries: its claims (signed by the issuer named in {@code iss}), or a
   * token that does not verify at all.
   *
   * @param claims the payload
   * @param invalid true for a token with a bad signature, expired, or malformed
   */
  public record Token(Map<String, Object> claims, boolean invalid) {}

  /**
   * @param authz the port's compiled authorization
   * @param jwt the port's token issuers (HTTP ports only)
   * @param facts the request, with no JWT payload yet
   * @param token the token the request carries, or null
   */
  public static Explanation explain(PortAuthorization authz, List<JwtProvider> jwt, RequestFacts facts, Token token) {
    List<String> notes = new ArrayList<>(authz.notes());
    RequestFacts request = facts;
    if (token != null && authz.target() != AuthzTarget.HTTP) {
      notes.add("the token is ignored: " + authz.target().describe() + " verifies no JWT");
    } else if (token != null && jwt.isEmpty()) {
      notes.add("the token is ignored: no RequestAuthentication applies to this port");
    } else if (token != null) {
      String rejected = JwtVerdicts.rejection(jwt, token);
      if (rejected != null) {
        return new Explanation(Explanation.Decision.DENY, "401: " + rejected, null, null, List.of(), List.of(), notes);
      }
      request = withPayload(facts, token.claims());
    }
    List<Explanation.RuleOutcome> evaluated = new ArrayList<>();
    Explanation.RuleOutcome custom = null;
    if (authz.custom() != null) {
      custom = firstMatch("CUSTOM", authz.custom().rules(), request, evaluated);
      if (custom != null && !authz.custom().usable()) {
        return done(Explanation.Decision.DENY, "CUSTOM rule matched and provider " + authz.custom().providerName()
            + " cannot be used (" + authz.custom().problem() + "), so the request is denied", custom, null,
            evaluated, authz, request, notes);
      }
    }
    Explanation.RuleOutcome deny = authz.deny() == null ? null : firstMatch("DENY", authz.deny(), request, evaluated);
    Explanation.Decision after;
    String reason;
    Explanation.RuleOutcome decidedBy;
    if (deny != null) {
      after = Explanation.Decision.DENY;
      reason = "DENY rule matched";
      decidedBy = deny;
    } else if (authz.allow() == null) {
      after = Explanation.Decision.ALLOW;
      reason = "no DENY rule matched and no ALLOW policy applies";
      decidedBy = null;
    } else {
      decidedBy = firstMatch("ALLOW", authz.allow(), request, evaluated);
      after = decidedBy == null ? Explanation.Decision.DENY : Explanation.Decision.ALLOW;
      reason = decidedBy == null ? "ALLOW policies apply and none of their rules matched" : "ALLOW rule matched";
    }
    if (custom != null) {
      return done(Explanation.Decision.CUSTOM, "CUSTOM rule matched: provider " + authz.custom().providerName()
          + " decides first; if it allows, " + after + " (" + reason + ")", custom, after, evaluated, authz, request,
          notes);
    }
    return done(after, reason, decidedBy, null, evaluated, authz, request, notes);
  }

  private static Explanation done(Explanation.Decision decision, String reason, Explanation.RuleOutcome by,
      Explanation.Decision ifAllowed, List<Explanation.RuleOutcome> evaluated, PortAuthorization authz,
      RequestFacts request, List<String> notes) {
    List<Explanation.RuleOutcome> audited = new ArrayList<>();
    if (authz.audit() != null) {
      for (CompiledRule r : authz.audit().rules()) {
        Explanation.RuleOutcome o = outcome("AUDIT", r, request);
        evaluated.add(o);
        if (o.matched()) {
          audited.add(o);
        }
      }
    }
    return new Explanation(decision, reason, by, ifAllowed, evaluated, audited, notes);
  }

  /** Evaluates every rule (for the explanation); returns the first match by name, as proxies report it. */
  private static Explanation.RuleOutcome firstMatch(String stage, RbacRules rules, RequestFacts request,
      List<Explanation.RuleOutcome> evaluated) {
    Explanation.RuleOutcome first = null;
    for (CompiledRule r : rules.rules()) {
      Explanation.RuleOutcome o = outcome(stage, r, request);
      evaluated.add(o);
      if (o.matched() && first == null) {
        first = o;
      }
    }
    return first;
  }

  private static Explanation.RuleOutcome outcome(String stage, CompiledRule r, RequestFacts request) {
    Trace trace = new Trace();
    boolean matched = r.matches(request, trace);
    return new Explanation.RuleOutcome(stage, r.name(), r.policy().namespace() + "/" + r.policy().name(),
        r.ruleIndex(), matched, trace.steps());
  }

  private static RequestFacts withPayload(RequestFacts f, Map<String, Object> payload) {
    return new RequestFacts(f.peerPrincipals(), f.sourceIp(), f.remoteIp(), f.destinationIp(), f.destinationPort(),
        f.sni(), f.headers(), f.path(), payload);
  }
}

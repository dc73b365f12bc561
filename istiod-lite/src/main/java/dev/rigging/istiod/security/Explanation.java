package dev.rigging.istiod.security;

import java.util.List;
import java.util.Objects;

/**
 * {@code Explanation} is the explainer's answer for one request: the decision, the policy and rule
 * that decided it (or why nothing did), and every rule evaluated with the conditions that matched.
 *
 * @param decision ALLOW or DENY, or CUSTOM when an external authorizer is asked first
 * @param reason one sentence saying why
 * @param decidedBy the rule that decided, null when no rule did (no policy, or no ALLOW matched)
 * @param ifProviderAllows for CUSTOM: the decision when the external authorizer allows, else null
 * @param evaluated every rule evaluated, by stage (CUSTOM, DENY, ALLOW, AUDIT)
 * @param audited the AUDIT rules that matched (they never change the decision)
 * @param notes rules dropped or widened where this port enforces them, unusable providers, JWT
 */
public record Explanation(Decision decision, String reason, RuleOutcome decidedBy, Decision ifProviderAllows,
    List<RuleOutcome> evaluated, List<RuleOutcome> audited, List<String> notes) {

  /** What happens to the request. */
  public enum Decision { ALLOW, DENY, CUSTOM }

  public Explanation {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(reason, "reason");
    evaluated = List.copyOf(evaluated);
    audited = List.copyOf(audited);
    notes = List.copyOf(notes);
  }

  /**
   * One rule and whether it matched.
   *
   * @param stage CUSTOM, DENY, ALLOW or AUDIT
   * @param rbacName the RBAC policy name pushed to proxies
   * @param policy {@code namespace/name} of the AuthorizationPolicy
   * @param rule the index of the rule in the policy
   * @param matched whether the request matches it
   * @param conditions each Istio condition of the rule and whether it held
   */
  public record RuleOutcome(String stage, String rbacName, String policy, int rule, boolean matched,
      List<Trace.Step> conditions) {
    public RuleOutcome {
      conditions = List.copyOf(conditions);
    }
  }
}

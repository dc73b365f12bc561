package dev.rigging.istiod.security;

import dev.rigging.mesh.config.ConfigKey;
import java.util.List;
import java.util.Objects;

/**
 * {@code CompiledRule} is one rule of an AuthorizationPolicy compiled for one target: Envoy's RBAC
 * {@code Policy}. It matches when some principal alternative (one per {@code from} entry) and some
 * permission alternative (one per {@code to} entry) match; {@code when} conditions are part of
 * every alternative of their side.
 *
 * @param name the RBAC policy name, Istio's {@code ns[NS]-policy[NAME]-rule[I]}
 * @param policy the AuthorizationPolicy it comes from
 * @param ruleIndex the index of the rule in the policy
 * @param principals who may be calling, ORed
 * @param permissions what may be called, ORed
 */
public record CompiledRule(String name, ConfigKey policy, int ruleIndex, List<Match> principals,
    List<Match> permissions) {

  private static final Match NEVER = new Match.Not(Match.Always.INSTANCE);

  public CompiledRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(policy, "policy");
    principals = List.copyOf(principals);
    permissions = List.copyOf(permissions);
  }

  /** Istio's rule for a policy without rules: it never matches anything. */
  public static CompiledRule never(String name, ConfigKey policy) {
    return new CompiledRule(name, policy, 0, List.of(NEVER), List.of(NEVER));
  }

  /** Whether the request matches; every alternative is evaluated so that {@code trace} is complete. */
  public boolean matches(RequestFacts facts, Trace trace) {
    boolean principal = new Match.AnyOf(principals).test(facts, trace);
    boolean permission = new Match.AnyOf(permissions).test(facts, trace);
    return principal && permission;
  }
}

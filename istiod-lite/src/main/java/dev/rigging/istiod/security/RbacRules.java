package dev.rigging.istiod.security;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code RbacRules} is one Envoy RBAC filter's rules: an action and its policies, sorted by name
 * as Envoy and grpc-java keep them (so the first match reported is theirs).
 *
 * @param action what a match does
 * @param rules the policies, sorted by name
 */
public record RbacRules(Action action, List<CompiledRule> rules) {

  /** Envoy's RBAC action. */
  public enum Action { ALLOW, DENY, LOG }

  public RbacRules {
    Objects.requireNonNull(action, "action");
    rules = rules.stream().sorted(Comparator.comparing(CompiledRule::name)).toList();
  }

  /** The first rule (by name) the request matches. */
  public Optional<CompiledRule> firstMatch(RequestFacts facts) {
    return rules.stream().filter(r -> r.matches(facts, Trace.discard())).findFirst();
  }
}

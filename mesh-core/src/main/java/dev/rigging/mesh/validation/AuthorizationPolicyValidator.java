package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.security.AuthorizationPolicy;
import dev.rigging.mesh.api.security.AuthorizationPolicy.Action;
import dev.rigging.mesh.api.security.AuthorizationPolicy.From;
import dev.rigging.mesh.api.security.AuthorizationPolicy.Rule;
import dev.rigging.mesh.api.security.AuthorizationPolicy.To;
import java.util.List;

/**
 * {@code AuthorizationPolicyValidator} checks an AuthorizationPolicy the way istiod does: how it
 * picks workloads, that the action and the provider agree, that DENY and CUSTOM policies have rules
 * (without them they never match), and that every rule can match: no empty {@code from}/{@code to}
 * lists, sources and operations, no values a request cannot have. Sources, operations and
 * conditions are checked by {@link AuthzSources}, {@link AuthzOperations} and {@link AuthzConditions}.
 */
final class AuthorizationPolicyValidator {
  /** Istio's CRD bound on rules and on the sources of one rule. */
  static final int MAX_RULES = 512;

  private AuthorizationPolicyValidator() {}

  static void validate(Issues issues, AuthorizationPolicy ap) {
    PolicyTargets.check(issues, ap.selector(), ap.targetRef(), ap.targetRefs());
    Action action = ap.actionOrDefault();
    provider(issues, ap, action);
    if (ap.rulesOrEmpty().isEmpty()) {
      noRules(issues, action, ap.rules() != null);
      return;
    }
    if (ap.rules().size() > MAX_RULES) {
      issues.error("spec.rules", ap.rules().size() + " rules; at most " + MAX_RULES + " are allowed");
    }
    for (int i = 0; i < ap.rules().size(); i++) {
      rule(issues, Issues.at("spec.rules", i), ap.rules().get(i), action);
    }
  }

  private static void provider(Issues issues, AuthorizationPolicy ap, Action action) {
    if (action != Action.CUSTOM) {
      if (ap.provider() != null) {
        issues.error("spec.provider", "provider is only used with action CUSTOM; remove it, or set action: CUSTOM to delegate to it");
      }
      return;
    }
    if (ap.provider() == null || ap.provider().name() == null || ap.provider().name().isEmpty()) {
      issues.error(ap.provider() == null ? "spec.provider" : "spec.provider.name",
          "action CUSTOM needs provider.name: the name of an extensionProviders entry in MeshConfig, e.g. provider: {name: my-ext-authz}");
    }
  }

  /** A policy without rules matches nothing: fine for ALLOW (allow nothing), pointless otherwise. */
  private static void noRules(Issues issues, Action action, boolean writtenEmpty) {
    String fix = "; add rules, or rules: [{}] to match every request";
    switch (action) {
      case DENY -> issues.error("spec.rules", "a DENY policy without rules never matches, so it denies nothing" + fix);
      case CUSTOM -> issues.error("spec.rules", "a CUSTOM policy without rules never sends a request to its provider" + fix);
      case AUDIT -> issues.warn("spec.rules", "an AUDIT policy without rules never matches, so it audits nothing" + fix);
      case ALLOW -> {
        if (writtenEmpty) {
          issues.warn("spec.rules", "rules is an empty list, so this policy allows nothing (like spec: {}); "
              + "write spec: {} for that, or rules: [{}] to allow every request");
        }
      }
    }
  }

  private static void rule(Issues issues, String p, Rule rule, Action action) {
    boolean custom = action == Action.CUSTOM;
    boolean fromExists = false;
    boolean toExists = false;
    boolean tcpFrom = false;
    boolean tcpTo = false;
    List<From> from = rule.from();
    if (from != null && from.isEmpty()) {
      issues.error(p + ".from", "from is an empty list; remove it to match any source, or list at least one source");
    } else if (from != null && from.size() > MAX_RULES) {
      issues.error(p + ".from", from.size() + " sources; at most " + MAX_RULES + " are allowed");
    }
    for (int j = 0; j < rule.fromOrEmpty().size(); j++) {
      String at = Issues.at(p + ".from", j) + ".source";
      var source = rule.fromOrEmpty().get(j).source();
      if (source == null) {
        issues.error(at, "source is required in each from entry, e.g. from: [{source: {namespaces: [foo]}}]");
        continue;
      }
      AuthzSources.check(issues, at, source, custom);
      fromExists = true;
      tcpFrom |= AuthzSources.hasTcpField(source);
    }
    List<To> to = rule.to();
    if (to != null && to.isEmpty()) {
      issues.error(p + ".to", "to is an empty list; remove it to match any operation, or list at least one operation");
    }
    for (int j = 0; j < rule.toOrEmpty().size(); j++) {
      String at = Issues.at(p + ".to", j) + ".operation";
      var op = rule.toOrEmpty().get(j).operation();
      if (op == null) {
        issues.error(at, "operation is required in each to entry, e.g. to: [{operation: {ports: [\"8080\"]}}]");
        continue;
      }
      AuthzOperations.check(issues, at, op);
      toExists = true;
      tcpTo |= !op.ports().isEmpty() || !op.notPorts().isEmpty();
    }
    for (int k = 0; k < rule.when().size(); k++) {
      AuthzConditions.check(issues, Issues.at(p + ".when", k), rule.when().get(k), custom);
    }
    if (action == Action.DENY && ((fromExists && !toExists && !tcpFrom) || (toExists && !tcpTo))) {
      // Istio drops the HTTP-only parts of a DENY rule on TCP ports, which widens it to everything
      issues.warn(p, "this DENY rule uses only HTTP attributes, so on TCP ports it denies all traffic; "
          + "add ports to its operations to scope it");
    }
  }
}

package dev.rigging.istiod.security;

import java.util.Objects;

/**
 * {@code CompileContext} is what compiling one condition depends on besides its values.
 *
 * @param target where the rule is enforced
 * @param policyNamespace namespace of the policy (the default namespace of service accounts)
 * @param wide whether the condition sits where matching more is the safe error: among the values
 *     of a DENY, AUDIT or CUSTOM rule, or among the {@code not*} values of an ALLOW rule
 */
record CompileContext(AuthzTarget target, String policyNamespace, boolean wide) {
  CompileContext {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(policyNamespace, "policyNamespace");
  }

  /** The context of the negated values of the same field. */
  CompileContext negated() {
    return new CompileContext(target, policyNamespace, !wide);
  }

  /** Fails unless request attributes exist on the target. */
  void needRequests(String what) throws UnsupportedCondition {
    if (!target.hasRequests()) {
      throw new UnsupportedCondition(what + " needs HTTP, and " + target.describe() + " has none");
    }
  }

  /** Fails unless a verified JWT can be checked on the target. */
  void needJwt(String what) throws UnsupportedCondition {
    needRequests(what);
    if (!target.hasJwt()) {
      throw new UnsupportedCondition(what + " needs a verified JWT, which " + target.describe()
          + " cannot check (grpc-java has no JWT filter)");
    }
  }
}

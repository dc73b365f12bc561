package dev.rigging.istiod.security;

import java.util.List;
import java.util.Objects;

/**
 * {@code PortAuthorization} is the compiled authorization of one workload port for one target:
 * what its proxy enforces, in Istio's order. A request is first checked by the CUSTOM rules (sent
 * to the external authorizer when one matches), then denied if a DENY rule matches, then, if any
 * ALLOW policy applies, allowed only when an ALLOW rule matches; AUDIT rules only mark requests.
 * A null part means no policy of that action applies.
 *
 * @param target where it is enforced
 * @param custom CUSTOM rules and their provider, or null
 * @param audit AUDIT rules (RBAC action LOG), or null
 * @param deny DENY rules, or null
 * @param allow ALLOW rules, or null; non-null and empty means nothing is allowed
 * @param notes rules dropped or widened for this target, and unusable providers
 */
public record PortAuthorization(AuthzTarget target, CustomAuthz custom, RbacRules audit, RbacRules deny,
    RbacRules allow, List<String> notes) {

  public PortAuthorization {
    Objects.requireNonNull(target, "target");
    notes = List.copyOf(notes);
  }

  /** No policy applies: everything is allowed. */
  public static PortAuthorization none(AuthzTarget target) {
    return new PortAuthorization(target, null, null, null, null, List.of());
  }

  /** Whether no policy applies. */
  public boolean isEmpty() {
    return custom == null && audit == null && deny == null && allow == null;
  }
}

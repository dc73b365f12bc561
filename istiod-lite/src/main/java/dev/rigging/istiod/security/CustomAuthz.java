package dev.rigging.istiod.security;

import dev.rigging.istiod.model.ExtensionProvider;
import java.util.Objects;

/**
 * {@code CustomAuthz} is the CUSTOM part of a port's authorization: the rules whose matching
 * requests are sent to an external authorizer, and that authorizer. When it cannot be used (not
 * defined in MeshConfig, several providers on one workload, its service unknown, a target that
 * cannot call it) {@link #provider()} is null and matching requests are denied: a policy that asks
 * for an outside check never fails open for want of one.
 *
 * @param providerName the provider the policies name
 * @param provider the resolved provider, null when unusable
 * @param problem why the provider cannot be used, empty when it can
 * @param rules the CUSTOM rules (action DENY, names prefixed {@value #RULE_PREFIX})
 */
public record CustomAuthz(String providerName, ExtensionProvider provider, String problem, RbacRules rules) {

  /** Istio's prefix of CUSTOM rule names, which the ext_authz filter looks for in RBAC metadata. */
  public static final String RULE_PREFIX = "istio-ext-authz-";

  public CustomAuthz {
    Objects.requireNonNull(providerName, "providerName");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(rules, "rules");
  }

  /** Whether the external authorizer is asked (else matching requests are denied). */
  public boolean usable() {
    return provider != null;
  }
}

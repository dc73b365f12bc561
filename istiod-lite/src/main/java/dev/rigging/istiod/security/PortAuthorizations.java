package dev.rigging.istiod.security;

import dev.rigging.istiod.model.ExtensionProvider;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.mesh.api.security.AuthorizationPolicy;
import dev.rigging.mesh.api.security.AuthorizationPolicy.Action;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code PortAuthorizations} compiles the AuthorizationPolicies that apply to a workload port into
 * its {@link PortAuthorization}, once per push for every port with the same policies and target.
 * Rules are named as Istio names them ({@code ns[NS]-policy[NAME]-rule[I]}); a policy without rules
 * gets Istio's rule that never matches, so that an ALLOW policy {@code spec: {}} allows nothing.
 */
public final class PortAuthorizations {
  private PortAuthorizations() {}

  /** The memo key: the policies (their content is fixed within a push) and the target. */
  private record Key(List<ConfigKey> policies, AuthzTarget target) {}

  /** The authorization of a port where {@code policies} (in precedence order) apply. */
  public static PortAuthorization forPort(PushContext push, List<ConfigObject<AuthorizationPolicy>> policies,
      AuthzTarget target) {
    if (policies.isEmpty()) {
      return PortAuthorization.none(target);
    }
    List<ConfigKey> keys = policies.stream().map(ConfigObject::key).toList();
    return push.memo(new Key(keys, target), () -> compile(push, policies, target));
  }

  static PortAuthorization compile(PushContext push, List<ConfigObject<AuthorizationPolicy>> policies,
      AuthzTarget target) {
    List<String> notes = new ArrayList<>();
    Map<Action, List<CompiledRule>> byAction = new EnumMap<>(Action.class);
    TreeSet<String> providers = new TreeSet<>();
    for (ConfigObject<AuthorizationPolicy> p : policies) {
      Action action = p.spec().actionOrDefault();
      List<CompiledRule> rules = byAction.computeIfAbsent(action, a -> new ArrayList<>());
      String prefix = action == Action.CUSTOM ? CustomAuthz.RULE_PREFIX : "";
      if (action == Action.CUSTOM && p.spec().provider() != null) {
        providers.add(p.spec().provider().name());
      }
      if (p.spec().rulesOrEmpty().isEmpty()) {
        rules.add(CompiledRule.never(prefix + name(p, 0), p.key()));
        continue;
      }
      for (int i = 0; i < p.spec().rules().size(); i++) {
        RuleCompiler.compile(prefix + name(p, i), p, i, p.spec().rules().get(i), target, notes).ifPresent(rules::add);
      }
    }
    CustomAuthz custom = null;
    if (byAction.containsKey(Action.CUSTOM)) {
      custom = custom(push, providers, target, new RbacRules(RbacRules.Action.DENY, byAction.get(Action.CUSTOM)));
      if (!custom.usable()) {
        notes.add("CUSTOM provider " + custom.providerName() + " cannot be used (" + custom.problem()
            + "); requests its rules match are denied");
      }
    }
    return new PortAuthorization(target, custom, rules(byAction, Action.AUDIT, RbacRules.Action.LOG),
        rules(byAction, Action.DENY, RbacRules.Action.DENY), rules(byAction, Action.ALLOW, RbacRules.Action.ALLOW),
        notes);
  }

  /** Istio's RBAC policy name of rule {@code index} of {@code p}. */
  static String name(ConfigObject<?> p, int index) {
    return "ns[" + p.namespace() + "]-policy[" + p.name() + "]-rule[" + index + "]";
  }

  private static RbacRules rules(Map<Action, List<CompiledRule>> byAction, Action action, RbacRules.Action rbac) {
    List<CompiledRule> rules = byAction.get(action);
    return rules == null ? null : new RbacRules(rbac, rules);
  }

  private static CustomAuthz custom(PushContext push, TreeSet<String> providers, AuthzTarget target, RbacRules rules) {
    String name = String.join(",", providers);
    if (providers.size() != 1) {
      return new CustomAuthz(name, null, providers.isEmpty() ? "no provider named"
          : "one workload can use only one CUSTOM provider, found " + providers, rules);
    }
    Optional<ExtensionProvider> provider = push.mesh().extensionProvider(name);
    String problem;
    if (provider.isEmpty()) {
      problem = "not defined in MeshConfig extensionProviders";
    } else if (target == AuthzTarget.GRPC) {
      problem = "a proxyless gRPC server cannot call an external authorizer";
    } else if (target == AuthzTarget.TCP && provider.get().kind() == ExtensionProvider.Kind.ENVOY_EXT_AUTHZ_HTTP) {
      problem = "an HTTP authorizer cannot check TCP connections";
    } else if (push.registry().byHost(provider.get().host()).isEmpty()) {
      problem = "its service " + provider.get().host() + " is not in the registry";
    } else {
      return new CustomAuthz(name, provider.get(), "", rules);
    }
    return new CustomAuthz(name, null, problem, rules);
  }
}

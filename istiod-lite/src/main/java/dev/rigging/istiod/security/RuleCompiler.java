package dev.rigging.istiod.security;

import dev.rigging.mesh.api.security.AuthorizationPolicy;
import dev.rigging.mesh.api.security.AuthorizationPolicy.Action;
import dev.rigging.mesh.api.security.AuthorizationPolicy.Condition;
import dev.rigging.mesh.api.security.AuthorizationPolicy.Operation;
import dev.rigging.mesh.api.security.AuthorizationPolicy.Rule;
import dev.rigging.mesh.api.security.AuthorizationPolicy.Source;
import dev.rigging.mesh.config.ConfigObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code RuleCompiler} compiles one AuthorizationPolicy rule for one target, with Istio's layout:
 * one principal alternative per {@code from} entry (principals, request principals, service
 * accounts, namespaces, remote IPs, IPs, then the principal-side {@code when} conditions) and one
 * permission alternative per {@code to} entry (hosts, methods, paths, ports, then the
 * permission-side conditions). What the target cannot check drops an ALLOW rule and is left out of
 * any other ({@link FieldCompiler}).
 */
final class RuleCompiler {
  private RuleCompiler() {}

  /** The compiled rule, or empty (with a note) when an ALLOW rule cannot be checked on the target. */
  static Optional<CompiledRule> compile(String name, ConfigObject<AuthorizationPolicy> policy, int index, Rule rule,
      AuthzTarget target, List<String> notes) {
    Action action = policy.spec().actionOrDefault();
    boolean strict = action == Action.ALLOW;
    String where = policy.namespace() + "/" + policy.name() + " rules[" + index + "]";
    List<String> ruleNotes = new ArrayList<>();
    FieldCompiler fields = new FieldCompiler(new CompileContext(target, policy.namespace(), !strict), strict, ruleNotes);
    try {
      List<Match> basePrincipal = new ArrayList<>();
      List<Match> basePermission = new ArrayList<>();
      for (int k = 0; k < rule.when().size(); k++) {
        Condition c = rule.when().get(k);
        ConditionMatchers.Resolved r = ConditionMatchers.resolve(c.key());
        List<Match> side = r.side() == ConditionMatchers.Side.PRINCIPAL ? basePrincipal : basePermission;
        String label = "when[" + k + "] " + c.key();
        fields.field(side, label + " in", label + " not in", c.values(), c.notValues(), r.compiler());
      }
      List<Match> principals = new ArrayList<>();
      if (rule.from() == null) {
        principals.add(all(basePrincipal));
      } else {
        for (int j = 0; j < rule.from().size(); j++) {
          principals.add(all(source(fields, "from[" + j + "].source.", rule.from().get(j).source(), basePrincipal)));
        }
      }
      List<Match> permissions = new ArrayList<>();
      if (rule.to() == null) {
        permissions.add(all(basePermission));
      } else {
        for (int j = 0; j < rule.to().size(); j++) {
          permissions.add(all(operation(fields, "to[" + j + "].operation.", rule.to().get(j).operation(),
              basePermission)));
        }
      }
      ruleNotes.forEach(n -> notes.add(where + ": " + n + "; the rule matches more"));
      return Optional.of(new CompiledRule(name, policy.key(), index, principals, permissions));
    } catch (UnsupportedCondition e) {
      notes.add(where + " dropped on " + target.describe() + ": " + e.getMessage()
          + "; an ALLOW rule that cannot be checked allows nothing");
      return Optional.empty();
    }
  }

  private static List<Match> source(FieldCompiler f, String p, Source s, List<Match> base)
      throws UnsupportedCondition {
    List<Match> out = new ArrayList<>();
    if (s != null) {
      f.field(out, p + "principals", p + "notPrincipals", s.principals(), s.notPrincipals(),
          IdentityMatchers::principal);
      f.field(out, p + "requestPrincipals", p + "notRequestPrincipals", s.requestPrincipals(),
          s.notRequestPrincipals(), IdentityMatchers::requestPrincipal);
      f.field(out, p + "serviceAccounts", p + "notServiceAccounts", s.serviceAccounts(), s.notServiceAccounts(),
          IdentityMatchers::serviceAccount);
      f.field(out, p + "namespaces", p + "notNamespaces", s.namespaces(), s.notNamespaces(),
          IdentityMatchers::namespace);
      f.field(out, p + "remoteIpBlocks", p + "notRemoteIpBlocks", s.remoteIpBlocks(), s.notRemoteIpBlocks(),
          (v, c) -> new Match.RemoteIp(Cidr.parse(v)));
      f.field(out, p + "ipBlocks", p + "notIpBlocks", s.ipBlocks(), s.notIpBlocks(),
          (v, c) -> new Match.SourceIp(Cidr.parse(v)));
    }
    out.addAll(base);
    return out;
  }

  private static List<Match> operation(FieldCompiler f, String p, Operation o, List<Match> base)
      throws UnsupportedCondition {
    List<Match> out = new ArrayList<>();
    if (o != null) {
      f.field(out, p + "hosts", p + "notHosts", o.hosts(), o.notHosts(), RequestMatchers::host);
      f.field(out, p + "methods", p + "notMethods", o.methods(), o.notMethods(), RequestMatchers::method);
      f.field(out, p + "paths", p + "notPaths", o.paths(), o.notPaths(), RequestMatchers::path);
      f.field(out, p + "ports", p + "notPorts", o.ports(), o.notPorts(),
          (v, c) -> new Match.DestinationPort(Integer.parseInt(v)));
    }
    out.addAll(base);
    return out;
  }

  /** All of {@code parts}; {@link Match.Always} when there are none (Envoy's {@code any: true}). */
  private static Match all(List<Match> parts) {
    return parts.isEmpty() ? Match.Always.INSTANCE : new Match.AllOf(parts);
  }
}

package dev.rigging.mesh.api.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rigging.mesh.api.networking.MatchLabelsSelector;
import java.util.List;

/**
 * {@code AuthorizationPolicy} is the spec of a security.istio.io AuthorizationPolicy: access
 * control for the workloads chosen by {@link #selector()} (or attached through {@link #targetRef()}
 * / {@link #targetRefs()}; at most one of the three). A request matches the policy when it matches
 * at least one rule; the action decides what a match does.
 *
 * <p>Presence of {@link #rules()} matters and is kept: {@code spec: {}} (rules null) and
 * {@code rules: []} (an empty list) match nothing, so as ALLOW they allow nothing; {@code rules:
 * [{}]} (one rule with every field absent) matches every request, so as ALLOW it allows everything.
 *
 * @param selector workloads this policy applies to; absent (with no target) means every workload of
 *     the namespace, or of the mesh in the root namespace
 * @param targetRef a single resource the policy attaches to
 * @param targetRefs resources the policy attaches to (at most 16)
 * @param rules null when the field is absent, otherwise the rules as written, possibly empty
 * @param action what a match does; absent means {@code ALLOW}
 * @param provider the extension provider of a {@code CUSTOM} policy, named in MeshConfig
 */
public record AuthorizationPolicy(
    MatchLabelsSelector selector,
    PolicyTargetReference targetRef,
    List<PolicyTargetReference> targetRefs,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Rule> rules,
    Action action,
    ExtensionProvider provider) {

  public AuthorizationPolicy {
    targetRefs = Lists.orEmpty("targetRefs", targetRefs);
    rules = Lists.keepAbsent("rules", rules);
  }

  /** The rules, empty when absent: for code that only needs to iterate them. */
  public List<Rule> rulesOrEmpty() {
    return rules == null ? List.of() : rules;
  }

  /** The effective action ({@code ALLOW} when absent, as in Istio). */
  public Action actionOrDefault() {
    return action == null ? Action.ALLOW : action;
  }

  /** What a matching request gets. */
  public enum Action { ALLOW, DENY, AUDIT, CUSTOM }

  /** The extension (external authorizer) a CUSTOM policy delegates to, by its MeshConfig name. */
  public record ExtensionProvider(String name) {}

  /**
   * A rule matches a request when one of its sources, one of its operations and all of its
   * conditions match. An empty rule ({@code {}}) matches every request.
   *
   * @param from null when absent (any source); an empty list is a mistake Istio rejects
   * @param to null when absent (any operation); an empty list is a mistake Istio rejects
   * @param when conditions, all of which must hold; empty when absent
   */
  public record Rule(
      @JsonInclude(JsonInclude.Include.NON_NULL) List<From> from,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<To> to,
      List<Condition> when) {
    public Rule {
      from = Lists.keepAbsent("from", from);
      to = Lists.keepAbsent("to", to);
      when = Lists.orEmpty("when", when);
    }

    /** The sources, empty when absent (which means any source). */
    public List<From> fromOrEmpty() {
      return from == null ? List.of() : from;
    }

    /** The operations, empty when absent (which means any operation). */
    public List<To> toOrEmpty() {
      return to == null ? List.of() : to;
    }
  }

  /** One source of a rule. */
  public record From(Source source) {}

  /** One operation of a rule. */
  public record To(Operation operation) {}

  /**
   * The source of a request. Fields are ANDed; the values of one field are ORed. String values
   * match exactly, by prefix ({@code abc*}), by suffix ({@code *abc}) or by presence ({@code *}).
   *
   * @param principals peer identities from the mTLS certificate, {@code <trust domain>/ns/<ns>/sa/<sa>}
   * @param requestPrincipals request identities from the JWT, {@code <iss>/<sub>}
   * @param namespaces namespaces of the peer (from its certificate)
   * @param serviceAccounts peer service accounts as {@code sa} (in the policy's namespace) or
   *     {@code ns/sa}; not together with principals or namespaces
   * @param ipBlocks source IPs or CIDR blocks of the connection
   * @param remoteIpBlocks original client IPs or CIDR blocks (from X-Forwarded-For or PROXY protocol)
   */
  public record Source(
      List<String> principals,
      List<String> notPrincipals,
      List<String> requestPrincipals,
      List<String> notRequestPrincipals,
      List<String> namespaces,
      List<String> notNamespaces,
      List<String> serviceAccounts,
      List<String> notServiceAccounts,
      List<String> ipBlocks,
      List<String> notIpBlocks,
      List<String> remoteIpBlocks,
      List<String> notRemoteIpBlocks) {
    public Source {
      principals = Lists.orEmpty("principals", principals);
      notPrincipals = Lists.orEmpty("notPrincipals", notPrincipals);
      requestPrincipals = Lists.orEmpty("requestPrincipals", requestPrincipals);
      notRequestPrincipals = Lists.orEmpty("notRequestPrincipals", notRequestPrincipals);
      namespaces = Lists.orEmpty("namespaces", namespaces);
      notNamespaces = Lists.orEmpty("notNamespaces", notNamespaces);
      serviceAccounts = Lists.orEmpty("serviceAccounts", serviceAccounts);
      notServiceAccounts = Lists.orEmpty("notServiceAccounts", notServiceAccounts);
      ipBlocks = Lists.orEmpty("ipBlocks", ipBlocks);
      notIpBlocks = Lists.orEmpty("notIpBlocks", notIpBlocks);
      remoteIpBlocks = Lists.orEmpty("remoteIpBlocks", remoteIpBlocks);
      notRemoteIpBlocks = Lists.orEmpty("notRemoteIpBlocks", notRemoteIpBlocks);
    }
  }

  /**
   * The operation of a request. Fields are ANDed; the values of one field are ORed. Hosts, methods
   * and paths need HTTP; ports also apply to TCP.
   *
   * @param ports destination ports as decimal strings, e.g. {@code "8080"}
   * @param paths request paths, optionally with {@code {*}} and {@code {**}} segment templates
   */
  public record Operation(
      List<String> hosts,
      List<String> notHosts,
      List<String> ports,
      List<String> notPorts,
      List<String> methods,
      List<String> notMethods,
      List<String> paths,
      List<String> notPaths) {
    public Operation {
      hosts = Lists.orEmpty("hosts", hosts);
      notHosts = Lists.orEmpty("notHosts", notHosts);
      ports = Lists.orEmpty("ports", ports);
      notPorts = Lists.orEmpty("notPorts", notPorts);
      methods = Lists.orEmpty("methods", methods);
      notMethods = Lists.orEmpty("notMethods", notMethods);
      paths = Lists.orEmpty("paths", paths);
      notPaths = Lists.orEmpty("notPaths", notPaths);
    }
  }

  /**
   * A further condition on an Istio attribute, e.g. {@code request.auth.claims[iss]} or
   * {@code destination.port}; at least one of values and notValues must be given.
   */
  public record Condition(String key, List<String> values, List<String> notValues) {
    public Condition {
      values = Lists.orEmpty("values", values);
      notValues = Lists.orEmpty("notValues", notValues);
    }
  }
}

package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.MatchLabelsSelector;
import dev.rigging.mesh.api.security.PolicyTargetReference;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code PolicyTargets} checks how a security policy picks its workloads: a label selector, a
 * single {@code targetRef} or a list of {@code targetRefs}, at most one of them, and references
 * only to the kinds Istio can attach policies to, in the policy's own namespace.
 */
final class PolicyTargets {
  /** Istio's CRD bound; it keeps a policy's fan-out (and the object size) small. */
  static final int MAX_TARGET_REFS = 16;

  private record Target(String group, String kind) {
    @Override
    public String toString() {
      return kind + " (group " + (group.isEmpty() ? "\"\"" : group) + ")";
    }
  }

  private static final List<Target> ALLOWED = List.of(
      new Target("", "Service"),
      new Target("networking.istio.io", "ServiceEntry"),
      new Target("gateway.networking.k8s.io", "Gateway"),
      new Target("gateway.networking.k8s.io", "GatewayClass"));
  private static final String VALID = ALLOWED.stream().map(Target::toString).collect(Collectors.joining(", "));

  private PolicyTargets() {}

  /** A policy's selector; shared with PeerAuthentication, which has no target references. */
  static void selector(Issues issues, String field, MatchLabelsSelector selector) {
    if (selector == null) {
      return;
    }
    Labels.checkSelector(issues, field + ".matchLabels", selector.matchLabels());
    if (selector.matchLabels().isEmpty()) {
      issues.warn(field, "selector has no matchLabels, so this policy applies to every workload in the namespace");
    }
  }

  static void check(Issues issues, MatchLabelsSelector selector, PolicyTargetReference targetRef,
      List<PolicyTargetReference> targetRefs) {
    selector(issues, "spec.selector", selector);
    List<String> set = new ArrayList<>();
    if (selector != null) {
      set.add("selector");
    }
    if (targetRef != null) {
      set.add("targetRef");
    }
    if (!targetRefs.isEmpty()) {
      set.add("targetRefs");
    }
    if (set.size() > 1) {
      issues.error("spec", "only one of selector, targetRef or targetRefs may be set, found " + String.join(" and ", set)
          + "; use targetRefs to attach to resources, or selector to pick workloads by label");
    }
    reference(issues, "spec.targetRef", targetRef);
    if (targetRefs.size() > MAX_TARGET_REFS) {
      issues.error("spec.targetRefs", targetRefs.size() + " targetRefs; at most " + MAX_TARGET_REFS + " are allowed");
    }
    for (int i = 0; i < targetRefs.size(); i++) {
      reference(issues, Issues.at("spec.targetRefs", i), targetRefs.get(i));
    }
  }

  private static void reference(Issues issues, String p, PolicyTargetReference ref) {
    if (ref == null) {
      return;
    }
    if (ref.name() == null || ref.name().isEmpty()) {
      issues.error(p + ".name", "name is required: the name of the " + (ref.kind() == null ? "target" : ref.kind()) + " in this namespace");
    }
    if (ref.namespace() != null && !ref.namespace().isEmpty()) {
      issues.error(p + ".namespace", "cross-namespace references are not supported; remove namespace \"" + ref.namespace()
          + "\" and put the policy in the target's namespace");
    }
    if (ref.kind() == null || ref.kind().isEmpty()) {
      issues.error(p + ".kind", "kind is required; valid: " + VALID);
      return;
    }
    // Istio compares canonical groups, where the core group may be written "" or "core"
    String group = "core".equals(ref.groupOrEmpty()) ? "" : ref.groupOrEmpty();
    if (!ALLOWED.contains(new Target(group, ref.kind()))) {
      issues.error(p, "cannot attach a policy to " + new Target(ref.groupOrEmpty(), ref.kind()) + "; valid: " + VALID);
    }
  }
}

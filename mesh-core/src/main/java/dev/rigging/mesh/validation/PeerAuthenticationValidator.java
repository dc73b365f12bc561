package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.security.PeerAuthentication;

/**
 * {@code PeerAuthenticationValidator} checks a PeerAuthentication: its selector, and per-port
 * modes, which Istio only allows on a policy that selects workloads by label (a mesh- or
 * namespace-wide policy cannot know which ports its workloads have) and only for real port
 * numbers. Modes themselves are checked by the decoder (UNSET, DISABLE, PERMISSIVE, STRICT).
 */
final class PeerAuthenticationValidator {
  private PeerAuthenticationValidator() {}

  static void validate(Issues issues, PeerAuthentication pa) {
    PolicyTargets.selector(issues, "spec.selector", pa.selector());
    var ports = pa.portLevelMtls();
    if (ports == null) {
      return;
    }
    if (ports.isEmpty()) {
      issues.error("spec.portLevelMtls", "portLevelMtls is empty; give at least one port, e.g. {8080: {mode: DISABLE}}, or remove it");
      return;
    }
    if (pa.selector() == null || pa.selector().matchLabels().isEmpty()) {
      issues.error("spec.portLevelMtls", "portLevelMtls needs a selector with matchLabels: a mesh- or namespace-wide "
          + "PeerAuthentication cannot set per-port modes; add selector.matchLabels or move the ports to a workload policy");
    }
    for (Integer port : ports.keySet()) {
      issues.errorIfPresent(Issues.key("spec.portLevelMtls", String.valueOf(port)), Ports.numberProblem(port));
    }
  }
}

package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.DestinationRule;
import dev.rigging.mesh.api.networking.DestinationRule.Subset;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code DestinationRuleValidator} checks a DestinationRule: the host, unique DNS-label subset
 * names with valid labels, traffic policies, exportTo and the workload selector.
 */
final class DestinationRuleValidator {
  private DestinationRuleValidator() {}

  static void validate(Issues issues, String namespace, DestinationRule dr) {
    if (dr.host() == null || dr.host().isEmpty()) {
      issues.error("spec.host", "host is required; name the service, e.g. reviews or reviews.default.svc.cluster.local");
    } else {
      issues.errorIfPresent("spec.host", Hosts.wildcardDomainProblem(dr.host()));
    }
    TrafficPolicyValidator.validate(issues, "spec.trafficPolicy", dr.trafficPolicy());
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < dr.subsets().size(); i++) {
      Subset s = dr.subsets().get(i);
      String at = Issues.at("spec.subsets", i);
      if (s.name() == null || s.name().isEmpty()) {
        issues.error(at + ".name", "subset name is required, e.g. v1");
      } else {
        Integer first = names.putIfAbsent(s.name(), i);
        if (first != null) {
          issues.error(at + ".name", "duplicate subset name \"" + s.name() + "\" (also at " + Issues.at("spec.subsets", first)
              + "); subset names must be unique");
        }
        issues.errorIfPresent(at + ".name", Hosts.dnsLabelProblem("subset name", s.name()));
      }
      Labels.check(issues, at + ".labels", s.labels());
      TrafficPolicyValidator.validate(issues, at + ".trafficPolicy", s.trafficPolicy());
    }
    ExportTo.check(issues, "spec.exportTo", namespace, dr.exportTo(), false, dr.workloadSelector() != null);
    if (dr.workloadSelector() != null) {
      Labels.checkSelector(issues, "spec.workloadSelector.matchLabels", dr.workloadSelector().matchLabels());
      if (dr.workloadSelector().matchLabels().isEmpty()) {
        issues.warn("spec.workloadSelector", "workloadSelector has no matchLabels and selects every workload in the namespace");
      }
    }
  }
}

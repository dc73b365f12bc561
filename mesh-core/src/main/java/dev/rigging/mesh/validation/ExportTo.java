package dev.rigging.mesh.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ExportTo} checks visibility lists: {@code .} (this namespace), {@code *} (all) or
 * namespace names, without duplicates and without mixing {@code *} with anything else.
 * ServiceEntries may also use {@code ~} (visible to no one but their own workloads), alone.
 */
final class ExportTo {
  private ExportTo() {}

  static void check(Issues issues, String field, String namespace, List<String> exportTo,
      boolean serviceEntry, boolean destinationRuleWithSelector) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < exportTo.size(); i++) {
      String e = exportTo.get(i);
      String at = Issues.at(field, i);
      // "." and the own namespace name are the same entry
      String key = ".".equals(e) ? namespace : e;
      Integer first = seen.putIfAbsent(key, i);
      if (first != null) {
        issues.error(at, "duplicate exportTo entry \"" + e + "\" (same as " + Issues.at(field, first)
            + (key.equals(e) ? "" : ", since . is this namespace") + "); list each namespace once");
        continue;
      }
      if ("~".equals(e)) {
        if (!serviceEntry) {
          issues.error(at, "exportTo ~ (none) is only allowed on ServiceEntries; use . for this namespace");
        }
      } else if (!"*".equals(e) && !".".equals(e) && !Hosts.isDnsLabel(e)) {
        issues.error(at, "invalid exportTo entry \"" + e + "\"; valid: . (this namespace), * (all namespaces)"
            + (serviceEntry ? ", ~ (none)" : "") + " or a namespace name");
      }
    }
    if (exportTo.size() > 1 && exportTo.contains("*")) {
      issues.error(field, "exportTo mixes * (all namespaces) with other entries; use * alone or list the namespaces");
    }
    if (exportTo.size() > 1 && exportTo.contains("~")) {
      issues.error(field, "exportTo mixes ~ (no one) with other entries; use ~ alone or list the namespaces");
    }
    if (destinationRuleWithSelector && !exportTo.isEmpty()) {
      if (!seen.containsKey(namespace)) {
        issues.error(field, "a DestinationRule with a workloadSelector can only be exported to its own namespace; use exportTo: [\".\"]");
      } else if (seen.size() > 1) {
        issues.error(field, "a DestinationRule with a workloadSelector cannot be exported to several namespaces; use exportTo: [\".\"]");
      }
    }
  }
}

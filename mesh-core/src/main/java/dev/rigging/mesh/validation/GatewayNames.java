package dev.rigging.mesh.validation;

import java.util.List;

/**
 * {@code GatewayNames} checks Gateway references in VirtualServices: {@code mesh},
 * {@code namespace/name}, or a bare name in the VirtualService's namespace. The old
 * {@code name.namespace} form still works but is reported as a warning.
 */
final class GatewayNames {
  static final String MESH = "mesh";

  private GatewayNames() {}

  static void check(Issues issues, String field, List<String> gateways) {
    for (int i = 0; i < gateways.size(); i++) {
      String g = gateways.get(i);
      String at = Issues.at(field, i);
      int slash = g.indexOf('/');
      if (slash < 0) {
        if (g.contains(".")) {
          String[] parts = g.split("\\.");
          if (parts.length > 1) {
            issues.warn(at, "legacy gateway reference \"" + g + "\"; prefer namespace/name: \"" + parts[1] + "/" + parts[0] + "\"");
          }
        }
        String p = Hosts.fqdnProblem(g);
        if (p != null) {
          issues.error(at, "invalid gateway reference \"" + g + "\"; expected mesh, <name> or <namespace>/<name> (" + p + ")");
        }
        continue;
      }
      String ns = g.substring(0, slash);
      String name = g.substring(slash + 1);
      if (ns.isEmpty() || name.isEmpty()) {
        issues.error(at, "gateway reference \"" + g + "\" has an empty namespace or name; expected <namespace>/<name>, e.g. istio-system/ingressgateway");
        continue;
      }
      if (!Hosts.isDnsLabel(ns)) {
        issues.error(at, "invalid namespace \"" + ns + "\" in gateway reference \"" + g + "\"; expected a namespace name (DNS label)");
      }
      if (!Hosts.isDnsLabel(name)) {
        issues.error(at, "invalid gateway name \"" + name + "\" in gateway reference \"" + g + "\"; expected a Gateway name (DNS label)");
      }
    }
  }
}

package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.VirtualService;
import dev.rigging.mesh.api.networking.VirtualService.L4MatchAttributes;
import dev.rigging.mesh.api.networking.VirtualService.RouteDestination;
import dev.rigging.mesh.api.networking.VirtualService.TCPRoute;
import dev.rigging.mesh.api.networking.VirtualService.TLSMatchAttributes;
import dev.rigging.mesh.api.networking.VirtualService.TLSRoute;
import java.util.List;
import java.util.Map;

/**
 * {@code L4RouteValidator} checks TLS (SNI) and TCP routes of a VirtualService, and the weight rule
 * shared with HTTP routes.
 */
final class L4RouteValidator {
  private L4RouteValidator() {}

  /**
   * Weights are relative: Istio normalises them, so only negative weights are wrong (and a split
   * where every weight is 0, checked by the callers).
   */
  static String weightProblem(int weight) {
    return weight < 0 ? "weight " + weight + " is negative; must be 0 or more (weights are relative shares)" : null;
  }

  static void validateTls(Issues issues, String p, TLSRoute route, VirtualService vs) {
    if (route.match().isEmpty()) {
      issues.error(p + ".match", "a TLS route needs at least one match with sniHosts");
    }
    for (int i = 0; i < route.match().size(); i++) {
      TLSMatchAttributes m = route.match().get(i);
      String at = Issues.at(p + ".match", i);
      if (m.sniHosts().isEmpty()) {
        issues.error(at + ".sniHosts", "a TLS match needs at least one SNI host, e.g. sniHosts: [api.example.com]");
      }
      for (int j = 0; j < m.sniHosts().size(); j++) {
        checkSniHost(issues, Issues.at(at + ".sniHosts", j), m.sniHosts().get(j), vs);
      }
      checkL4(issues, at, m.destinationSubnets(), m.port(), m.sourceLabels(), m.gateways());
    }
    if (route.route().isEmpty()) {
      issues.error(p + ".route", "a TLS route needs at least one destination");
    }
    checkDestinations(issues, p + ".route", route.route());
  }

  static void validateTcp(Issues issues, String p, TCPRoute route) {
    for (int i = 0; i < route.match().size(); i++) {
      L4MatchAttributes m = route.match().get(i);
      String at = Issues.at(p + ".match", i);
      checkL4(issues, at, m.destinationSubnets(), m.port(), m.sourceLabels(), m.gateways());
      if (m.sourceSubnet() != null) {
        issues.warn(at + ".sourceSubnet", "sourceSubnet is deprecated and ignored by Istio; remove it");
      }
    }
    if (route.route().isEmpty()) {
      issues.error(p + ".route", "a TCP route needs at least one destination");
    }
    checkDestinations(issues, p + ".route", route.route());
  }

  private static void checkL4(Issues issues, String at, List<String> subnets, Integer port,
      Map<String, String> sourceLabels, List<String> gateways) {
    for (int k = 0; k < subnets.size(); k++) {
      issues.errorIfPresent(Issues.at(at + ".destinationSubnets", k), IpAddresses.subnetProblem(subnets.get(k)));
    }
    if (port != null && port != 0) {
      issues.errorIfPresent(at + ".port", Ports.numberProblem(port));
    }
    Labels.check(issues, at + ".sourceLabels", sourceLabels);
    GatewayNames.check(issues, at + ".gateways", gateways);
  }

  private static void checkSniHost(Issues issues, String at, String sni, VirtualService vs) {
    // Istio treats a VirtualService without gateways like a gateway-bound one here
    boolean gatewayRules = !vs.gateways().contains(GatewayNames.MESH);
    String problem = gatewayRules ? Hosts.gatewayBoundProblem(true, sni) : Hosts.wildcardDomainProblem(sni);
    if (problem != null) {
      if (IpAddresses.isIp(sni)) {
        issues.warn(at, "IP address \"" + sni + "\" as SNI goes against the TLS spec; most clients never send it");
      } else {
        issues.error(at, problem);
      }
      return;
    }
    for (String host : vs.hosts()) {
      if (Hosts.subsetOf(sni, host)) {
        return;
      }
    }
    issues.error(at, "SNI host \"" + sni + "\" is not covered by the VirtualService hosts " + vs.hosts()
        + "; use one of them, or a name matched by one of their wildcards");
  }

  private static void checkDestinations(Issues issues, String field, List<RouteDestination> route) {
    long total = 0;
    for (int i = 0; i < route.size(); i++) {
      RouteDestination d = route.get(i);
      String at = Issues.at(field, i);
      if (d.destination() == null) {
        issues.error(at + ".destination", "destination is required; name the service with destination.host");
      }
      Destinations.check(issues, at + ".destination", d.destination());
      int weight = d.weight() == null ? 0 : d.weight();
      issues.errorIfPresent(at + ".weight", weightProblem(weight));
      total += Math.max(weight, 0);
    }
    if (route.size() > 1 && total == 0) {
      issues.error(field, "all destination weights are 0; give at least one destination a weight above 0 (weights are relative)");
    }
  }
}

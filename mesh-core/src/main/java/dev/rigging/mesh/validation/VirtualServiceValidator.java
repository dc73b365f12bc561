package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.StringMatch;
import dev.rigging.mesh.api.networking.VirtualService;
import dev.rigging.mesh.api.networking.VirtualService.HTTPMatchRequest;
import java.util.List;
import java.util.Map;

/**
 * {@code VirtualServiceValidator} checks a VirtualService: hosts (wildcards, the {@code *} host
 * only on gateways, overlaps), gateway references, delegate rules and each HTTP, TLS and TCP route.
 */
final class VirtualServiceValidator {
  private VirtualServiceValidator() {}

  static void validate(Issues issues, String namespace, VirtualService vs) {
    boolean delegate = vs.hosts().isEmpty();
    if (delegate) {
      // a VirtualService without hosts can only be used as a delegate of another one's HTTP route
      if (!vs.gateways().isEmpty()) {
        issues.error("spec.gateways", "a delegate VirtualService (no hosts) must not list gateways; the root VirtualService decides where it applies");
      }
      if (!vs.tls().isEmpty()) {
        issues.error("spec.tls", "a delegate VirtualService (no hosts) cannot have tls routes; only http routes can be delegated");
      }
      if (!vs.tcp().isEmpty()) {
        issues.error("spec.tcp", "a delegate VirtualService (no hosts) cannot have tcp routes; only http routes can be delegated");
      }
    }
    boolean boundToGatewaysOnly = !vs.gateways().isEmpty() && !vs.gateways().contains(GatewayNames.MESH);
    GatewayNames.check(issues, "spec.gateways", vs.gateways());
    if (!boundToGatewaysOnly) {
      rejectJwtClaimRouting(issues, vs);
    }
    boolean sni = vs.tls().stream().anyMatch(t -> t.match().stream().anyMatch(m -> !m.sniHosts().isEmpty()));
    boolean allHostsValid = true;
    for (int i = 0; i < vs.hosts().size(); i++) {
      String host = vs.hosts().get(i);
      String at = Issues.at("spec.hosts", i);
      String problem = boundToGatewaysOnly ? Hosts.gatewayBoundProblem(sni, host) : Hosts.wildcardDomainProblem(host);
      if (problem != null) {
        if (!IpAddresses.isIp(host)) {
          issues.error(at, problem);
          allHostsValid = false;
        }
      } else if (!boundToGatewaysOnly && host.equals("*")) {
        issues.error(at, "wildcard host * is not allowed for a VirtualService bound to the mesh gateway; "
            + "list the hosts (e.g. *.example.com), or bind it only to gateways (spec.gateways without mesh)");
        allHostsValid = false;
      }
    }
    if (allHostsValid) {
      for (int i = 0; i < vs.hosts().size(); i++) {
        for (int j = i + 1; j < vs.hosts().size(); j++) {
          if (Hosts.matches(vs.hosts().get(i), vs.hosts().get(j))) {
            issues.error(Issues.at("spec.hosts", j), "host \"" + vs.hosts().get(j) + "\" overlaps \"" + vs.hosts().get(i)
                + "\" at " + Issues.at("spec.hosts", i) + "; list each host once and do not repeat hosts a wildcard already covers");
          }
        }
      }
    }
    if (vs.http().isEmpty() && vs.tls().isEmpty() && vs.tcp().isEmpty()) {
      issues.error("spec", "no routes; a VirtualService needs at least one of http, tls or tcp");
    }
    for (int i = 0; i < vs.http().size(); i++) {
      HttpRouteValidator.validate(issues, Issues.at("spec.http", i), vs.http().get(i), delegate);
    }
    for (int i = 0; i < vs.tls().size(); i++) {
      L4RouteValidator.validateTls(issues, Issues.at("spec.tls", i), vs.tls().get(i), vs);
    }
    for (int i = 0; i < vs.tcp().size(); i++) {
      L4RouteValidator.validateTcp(issues, Issues.at("spec.tcp", i), vs.tcp().get(i));
    }
    ExportTo.check(issues, "spec.exportTo", namespace, vs.exportTo(), false, false);
  }

  /** JWT claims are only verified by gateways, so sidecars cannot route on them. */
  private static void rejectJwtClaimRouting(Issues issues, VirtualService vs) {
    for (int i = 0; i < vs.http().size(); i++) {
      List<HTTPMatchRequest> matches = vs.http().get(i).match();
      for (int j = 0; j < matches.size(); j++) {
        String at = Issues.at(Issues.at("spec.http", i) + ".match", j);
        rejectJwtKeys(issues, at + ".headers", matches.get(j).headers());
        rejectJwtKeys(issues, at + ".withoutHeaders", matches.get(j).withoutHeaders());
      }
    }
  }

  private static void rejectJwtKeys(Issues issues, String field, Map<String, StringMatch> headers) {
    for (String name : headers.keySet()) {
      if (HeaderRules.isJwtClaim(name)) {
        issues.error(Issues.key(field, name), "JWT claim routing (" + name + ") only works on gateways; "
            + "list the gateways in spec.gateways without mesh");
      }
    }
  }
}

package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.Destination;

/** {@code Destinations} checks a routing destination: host, subset name and port. */
final class Destinations {
  private Destinations() {}

  static void check(Issues issues, String field, Destination d) {
    if (d == null) {
      return;
    }
    if ("*".equals(d.host())) {
      issues.error(field + ".host", "destination host * is not allowed; name one service, e.g. reviews.default.svc.cluster.local");
    } else {
      issues.errorIfPresent(field + ".host", Hosts.wildcardDomainProblem(d.host()));
    }
    if (d.subset() != null && !d.subset().isEmpty()) {
      issues.errorIfPresent(field + ".subset", Hosts.dnsLabelProblem("subset name", d.subset()));
    }
    if (d.port() != null) {
      issues.errorIfPresent(field + ".port.number", Ports.numberProblem(d.port().number()));
    }
  }
}

package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.StringMatch;
import dev.rigging.mesh.api.networking.VirtualService.HTTPMatchRequest;
import dev.rigging.mesh.api.networking.VirtualService.HTTPRoute;
import dev.rigging.mesh.api.networking.VirtualService.HTTPRouteDestination;
import dev.rigging.mesh.api.networking.VirtualService.Headers;
import java.util.List;
import java.util.Map;

/**
 * {@code HttpRouteValidator} checks one HTTP route: that it has exactly one kind of action (route,
 * redirect, direct response or delegate), its matches, header manipulation and destinations. The
 * policies attached to a route (retries, faults, CORS…) are checked by {@link HttpPolicyValidator}.
 */
final class HttpRouteValidator {
  private HttpRouteValidator() {}

  static void validate(Issues issues, String p, HTTPRoute r, boolean inDelegateVirtualService) {
    checkActions(issues, p, r, inDelegateVirtualService);
    for (int i = 0; i < r.match().size(); i++) {
      checkMatch(issues, Issues.at(p + ".match", i), r.match().get(i));
    }
    checkHeaders(issues, p + ".headers", r.headers());
    HttpPolicyValidator.validate(issues, p, r);
    checkAuthorityRewrittenOnce(issues, p, r);
    checkDestinations(issues, p + ".route", r.route());
    Durations.check(issues, p + ".timeout", r.timeout());
  }

  private static void checkActions(Issues issues, String p, HTTPRoute r, boolean inDelegateVirtualService) {
    if (r.delegate() != null && !inDelegateVirtualService) {
      if (r.redirect() != null) {
        issues.error(p + ".redirect", "a route with delegate must not set redirect; the delegate VirtualService routes the request");
      }
      if (!r.route().isEmpty()) {
        issues.error(p + ".route", "a route with delegate must not set route; the delegate VirtualService routes the request");
      }
      return;
    }
    if (r.delegate() != null) {
      issues.error(p + ".delegate", "a delegate VirtualService cannot delegate again; use route, redirect or directResponse");
    }
    if (r.redirect() != null) {
      conflict(issues, p, !r.route().isEmpty(), "route", "redirect");
      conflict(issues, p, r.fault() != null, "fault", "redirect");
      conflict(issues, p, r.rewrite() != null, "rewrite", "redirect");
      conflict(issues, p, r.directResponse() != null, "directResponse", "redirect");
    } else if (r.directResponse() != null) {
      conflict(issues, p, !r.route().isEmpty(), "route", "directResponse");
      conflict(issues, p, r.fault() != null, "fault", "directResponse");
      conflict(issues, p, r.rewrite() != null, "rewrite", "directResponse");
    } else if (r.route().isEmpty()) {
      issues.error(p, "no action; set one of route, redirect, directResponse or delegate");
    }
    if (r.mirror() != null && !r.mirrors().isEmpty()) {
      issues.error(p + ".mirrors", "mirror and mirrors cannot both be set; move the mirror destination into mirrors");
    }
  }

  private static void conflict(Issues issues, String p, boolean present, String field, String action) {
    if (present) {
      issues.error(p + "." + field, field + " cannot be combined with " + action + "; a route does one of route, redirect or directResponse");
    }
  }

  private static void checkMatch(Issues issues, String p, HTTPMatchRequest m) {
    checkHeaderMatches(issues, p + ".headers", m.headers(), false);
    checkHeaderMatches(issues, p + ".withoutHeaders", m.withoutHeaders(), true);
    if (m.uri() != null) {
      StringMatches.check(issues, p + ".uri", m.uri(), false, true);
    }
    if (m.scheme() != null) {
      StringMatches.check(issues, p + ".scheme", m.scheme(), false, false);
    }
    if (m.method() != null) {
      StringMatches.check(issues, p + ".method", m.method(), false, false);
    }
    if (m.authority() != null) {
      StringMatches.check(issues, p + ".authority", m.authority(), false, false);
    }
    m.queryParams().forEach((k, v) -> StringMatches.check(issues, Issues.key(p + ".queryParams", k), v, true, false));
    if (m.port() != null && m.port() != 0) {
      issues.errorIfPresent(p + ".port", Ports.numberProblem(m.port()));
    }
    Labels.check(issues, p + ".sourceLabels", m.sourceLabels());
    GatewayNames.check(issues, p + ".gateways", m.gateways());
    if (m.sourceNamespace() != null && !m.sourceNamespace().isEmpty() && !Hosts.isDnsLabel(m.sourceNamespace())) {
      issues.error(p + ".sourceNamespace", "invalid sourceNamespace \"" + m.sourceNamespace() + "\"; expected a namespace name (DNS label)");
    }
  }

  private static void checkHeaderMatches(Issues issues, String field, Map<String, StringMatch> headers, boolean without) {
    headers.forEach((name, match) -> {
      String at = Issues.key(field, name);
      issues.errorIfPresent(at, HeaderRules.matchNameProblem(name));
      // in withoutHeaders, regex "*" is Istio's spelling of "header absent", not an RE2 expression
      if (!(without && match != null && "*".equals(match.regex()))) {
        StringMatches.check(issues, at, match, true, false);
      }
    });
  }

  static void checkHeaders(Issues issues, String field, Headers headers) {
    if (headers != null) {
      HeaderRules.checkOperations(issues, field + ".request", headers.request(), true);
      HeaderRules.checkOperations(issues, field + ".response", headers.response(), false);
    }
  }

  /** Envoy applies one authority rewrite; two sources would silently shadow each other. */
  private static void checkAuthorityRewrittenOnce(Issues issues, String p, HTTPRoute r) {
    String where = r.rewrite() != null && r.rewrite().authority() != null && !r.rewrite().authority().isEmpty()
        ? p + ".rewrite.authority" : null;
    if (r.headers() == null || r.headers().request() == null) {
      return;
    }
    for (String op : List.of("set", "add")) {
      Map<String, String> values = op.equals("set") ? r.headers().request().set() : r.headers().request().add();
      for (String name : values.keySet()) {
        if (!HeaderRules.isAuthority(name)) {
          continue;
        }
        String at = Issues.key(p + ".headers.request." + op, name);
        if (where != null) {
          issues.error(at, "the authority is already rewritten at " + where + "; set it in one place only");
        } else {
          where = at;
        }
      }
    }
  }

  private static void checkDestinations(Issues issues, String field, List<HTTPRouteDestination> route) {
    long total = 0;
    for (int i = 0; i < route.size(); i++) {
      HTTPRouteDestination d = route.get(i);
      String at = Issues.at(field, i);
      if (d.destination() == null) {
        issues.error(at + ".destination", "destination is required; name the service with destination.host");
      }
      checkHeaders(issues, at + ".headers", d.headers());
      Destinations.check(issues, at + ".destination", d.destination());
      int weight = d.weight() == null ? 0 : d.weight();
      issues.errorIfPresent(at + ".weight", L4RouteValidator.weightProblem(weight));
      total += Math.max(weight, 0);
    }
    if (route.size() > 1 && total == 0) {
      issues.error(field, "all destination weights are 0; give at least one destination a weight above 0 (weights are relative)");
    }
  }
}

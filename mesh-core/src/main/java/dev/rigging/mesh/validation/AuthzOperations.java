package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.security.AuthorizationPolicy.Operation;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code AuthzOperations} checks the operation of an AuthorizationPolicy rule: not empty, no empty
 * values, numeric ports, methods that are HTTP method tokens, and paths (including Istio's
 * {@code {*}}/{@code {**}} templates) that a request can have.
 */
final class AuthzOperations {
  // RFC 9110 token characters: a method can contain nothing else (and '*' is Istio's wildcard)
  private static final Pattern METHOD = Pattern.compile("[-!#$%&'*+.^_`|~0-9A-Za-z]+");
  private static final Set<String> STANDARD_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  private AuthzOperations() {}

  static void check(Issues issues, String p, Operation op) {
    List<List<String>> all = List.of(op.hosts(), op.notHosts(), op.ports(), op.notPorts(), op.methods(), op.notMethods(),
        op.paths(), op.notPaths());
    if (all.stream().allMatch(List::isEmpty)) {
      issues.error(p, "operation is empty; set at least one of hosts, ports, methods, paths or their not* forms, or remove the to entry");
      return;
    }
    AuthzValues.notEmpty(issues, p + ".hosts", op.hosts());
    AuthzValues.notEmpty(issues, p + ".notHosts", op.notHosts());
    ports(issues, p + ".ports", op.ports());
    ports(issues, p + ".notPorts", op.notPorts());
    methods(issues, p + ".methods", op.methods());
    methods(issues, p + ".notMethods", op.notMethods());
    paths(issues, p + ".paths", op.paths());
    paths(issues, p + ".notPaths", op.notPaths());
    AuthzValues.excludedEntirely(issues, p + ".hosts", "notHosts", op.hosts(), op.notHosts());
    AuthzValues.excludedEntirely(issues, p + ".ports", "notPorts", op.ports(), op.notPorts());
    AuthzValues.excludedEntirely(issues, p + ".methods", "notMethods", op.methods(), op.notMethods());
    AuthzValues.excludedEntirely(issues, p + ".paths", "notPaths", op.paths(), op.notPaths());
  }

  private static void ports(Issues issues, String field, List<String> ports) {
    AuthzValues.each(issues, field, ports, AuthzValues::portProblem);
  }

  private static void methods(Issues issues, String field, List<String> methods) {
    AuthzValues.each(issues, field, methods, m -> METHOD.matcher(m).matches()
        ? null : "\"" + m + "\" is not an HTTP method; list one method per entry, e.g. [GET, POST]");
    for (int i = 0; i < methods.size(); i++) {
      String m = methods.get(i);
      String upper = m.toUpperCase(Locale.ROOT);
      if (!m.equals(upper) && STANDARD_METHODS.contains(upper)) {
        // methods are case-sensitive, so "get" does not match what clients send
        issues.warn(Issues.at(field, i), "HTTP methods are case-sensitive: \"" + m + "\" does not match " + upper + " requests");
      }
    }
  }

  private static void paths(Issues issues, String field, List<String> paths) {
    AuthzValues.each(issues, field, paths, PathTemplates::problem);
    for (int i = 0; i < paths.size(); i++) {
      String path = paths.get(i);
      if (!path.isEmpty() && PathTemplates.problem(path) == null && !path.startsWith("/") && !path.startsWith("*")) {
        issues.warn(Issues.at(field, i), "path \"" + path + "\" does not start with '/' (or '*' for a suffix match); "
            + "request paths always do, so it will not match");
      }
    }
  }
}

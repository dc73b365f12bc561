package dev.rigging.mesh.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code Hosts} checks host names the way Istio does: DNS-1123 labels, a {@code *} wildcard only in
 * the first label, at most 255 characters, a non-numeric last label (so that IPs are not mistaken
 * for names), and the {@code namespace/host} form of Gateway and Sidecar hosts.
 *
 * <p>Methods named {@code ...Problem} return a message, or null when the value is fine.
 */
final class Hosts {
  static final int MAX_NAME = 255;
  static final int MAX_LABEL = 63;
  private static final String LABEL_RE = "[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?";
  private static final Pattern LABEL = Pattern.compile(LABEL_RE);
  // "*", "*foo", "*-foo" or a plain label: Istio accepts a leading '*' glued to the first label
  // (a "partial wildcard"), then rejects it for Gateways and Sidecars and only warns elsewhere.
  private static final Pattern WILDCARD_LABEL = Pattern.compile("\\*|(?:\\*|\\*-)?" + LABEL_RE);
  private static final String LABEL_RULE =
      "labels are letters, digits and '-' (not first or last), at most " + MAX_LABEL + " characters";

  private Hosts() {}

  /** A DNS-1123 label (Istio accepts upper case, as DNS is case-insensitive). */
  static boolean isDnsLabel(String s) {
    return s != null && s.length() <= MAX_LABEL && LABEL.matcher(s).matches();
  }

  static String dnsLabelProblem(String what, String value) {
    if (value == null || value.isEmpty()) {
      return what + " is empty; expected a DNS label such as \"v1\" (" + LABEL_RULE + ")";
    }
    return isDnsLabel(value)
        ? null
        : "invalid " + what + " \"" + value + "\"; expected a DNS label (" + LABEL_RULE + ")";
  }

  static boolean isWildcarded(String host) {
    return host.startsWith("*");
  }

  private static String preconditionProblem(String name) {
    if (name == null || name.isEmpty()) {
      return "host is empty; expected a DNS name such as reviews.default.svc.cluster.local";
    }
    if (name.length() > MAX_NAME) {
      return "host is " + name.length() + " characters long; a DNS name must be at most " + MAX_NAME;
    }
    return null;
  }

  private static String labelsProblem(String full, String domain) {
    String[] parts = domain.split("\\.", -1);
    String last = parts[parts.length - 1];
    if (!last.isEmpty() && last.chars().allMatch(Character::isDigit)) {
      return "invalid host \"" + full + "\": the last label \"" + last
          + "\" is all digits; a DNS name must end in a label with a letter";
    }
    for (int i = 0; i < parts.length; i++) {
      // a trailing dot ("istio.io.") is an unambiguous absolute name
      if (i == parts.length - 1 && parts[i].isEmpty()) {
        return null;
      }
      if (!isDnsLabel(parts[i])) {
        return "invalid host \"" + full + "\": label \"" + parts[i] + "\" is not valid; " + LABEL_RULE
            + (parts[i].contains("*") ? "; '*' is only allowed at the start of the first label, e.g. *.example.com" : "");
      }
    }
    return null;
  }

  /** A fully qualified (or short) DNS name without wildcards. */
  static String fqdnProblem(String name) {
    String p = preconditionProblem(name);
    return p != null ? p : labelsProblem(name, name);
  }

  /** A DNS name, optionally with a wildcard first label ({@code *}, {@code *.example.com}). */
  static String wildcardDomainProblem(String name) {
    String p = preconditionProblem(name);
    if (p != null) {
      return p;
    }
    int dot = name.indexOf('.');
    String first = dot < 0 ? name : name.substring(0, dot);
    if (first.length() > MAX_LABEL || !WILDCARD_LABEL.matcher(first).matches()) {
      return "invalid host \"" + name + "\": label \"" + first + "\" is not valid; " + LABEL_RULE
          + ", or '*' at the start of the first label, e.g. *.example.com";
    }
    return dot < 0 ? null : labelsProblem(name, name.substring(dot + 1));
  }

  /**
   * Hosts of a VirtualService bound to gateways only. SNI hosts may also use the names that
   * AUTO_PASSTHROUGH gateways generate, {@code outbound_.PORT_._.HOST}.
   */
  static String gatewayBoundProblem(boolean sni, String name) {
    String p = preconditionProblem(name);
    if (p != null) {
      return p;
    }
    if (sni && name.startsWith("outbound_")) {
      String[] parts = name.split("_", -1);
      String format = "; expected outbound_.<port>_._.<host>, e.g. outbound_.80_._.reviews.default.svc.cluster.local";
      if (parts.length < 4) {
        return "invalid SNI host \"" + name + "\"" + format;
      }
      String port = trimDots(parts[1]);
      String host = trimDots(parts[3]);
      if (port.chars().noneMatch(Character::isDigit)) {
        return "invalid SNI host \"" + name + "\": port part \"" + port + "\" has no digits" + format;
      }
      if (host.chars().noneMatch(Character::isLetter)) {
        return "invalid SNI host \"" + name + "\": host part \"" + host + "\" has no letters" + format;
      }
      return null;
    }
    return wildcardDomainProblem(name);
  }

  private static String trimDots(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && s.charAt(b) == '.') {
      b++;
    }
    while (e > b && s.charAt(e - 1) == '.') {
      e--;
    }
    return s.substring(b, e);
  }

  /** {@code *foo.example.com}: accepted by the DNS rules, but not a wildcard Istio can match on. */
  static String partialWildcardProblem(String host) {
    if (host.contains("*") && host.length() != 1 && !host.startsWith("*.")) {
      return "partial wildcard \"" + host + "\" is not supported; use * alone or a whole first label such as *.example.com";
    }
    return null;
  }

  /**
   * Gateway server hosts and Sidecar egress hosts: {@code namespace/dnsName}, where the namespace is
   * a DNS label, {@code *} or {@code .} (Sidecars also allow {@code ~}). Gateways still accept the
   * old form without a namespace, and IP addresses.
   */
  static List<String> namespacedHostProblems(String value, boolean gateway) {
    List<String> problems = new ArrayList<>();
    String kind = gateway ? "gateway" : "sidecar";
    int slash = value.indexOf('/');
    if (slash < 0) {
      if (gateway) {
        hostPartProblems(value, true, problems);
      } else {
        problems.add("host \"" + value + "\" must be of the form namespace/dnsName, e.g. ./reviews.default.svc.cluster.local, istio-system/*, */*.example.com or ~/*");
      }
      return problems;
    }
    String ns = value.substring(0, slash);
    String host = value.substring(slash + 1);
    if (ns.isEmpty() || host.isEmpty()) {
      problems.add("host \"" + value + "\" has an empty namespace or name; expected namespace/dnsName such as istio-system/*.example.com");
      return problems;
    }
    boolean specialNs = ns.equals("*") || ns.equals(".") || (!gateway && ns.equals("~"));
    if (!specialNs && !isDnsLabel(ns)) {
      problems.add("invalid namespace \"" + ns + "\" in " + kind + " host \"" + value + "\"; expected a namespace name, * (any) or . (this namespace)"
          + (gateway ? "" : " or ~ (none)"));
    }
    hostPartProblems(host, gateway, problems);
    return problems;
  }

  private static void hostPartProblems(String host, boolean gateway, List<String> problems) {
    if (!host.equals("*") && !host.contains(".")) {
      problems.add("short name \"" + host + "\" is not allowed here; use a fully qualified name such as " + host + ".default.svc.cluster.local");
    }
    String dns = wildcardDomainProblem(host);
    if (dns != null && !(gateway && IpAddresses.isIp(host))) {
      problems.add(dns);
    }
    String partial = partialWildcardProblem(host);
    if (partial != null) {
      problems.add(partial);
    }
  }

  /** True when the two hosts can name the same service: equal, or one wildcard covers the other. */
  static boolean matches(String a, String b) {
    boolean aw = isWildcarded(a);
    boolean bw = isWildcarded(b);
    if (aw && bw) {
      return a.length() < b.length() ? b.substring(1).endsWith(a.substring(1)) : a.substring(1).endsWith(b.substring(1));
    }
    if (aw) {
      return b.endsWith(a.substring(1));
    }
    if (bw) {
      return a.endsWith(b.substring(1));
    }
    return a.equals(b);
  }

  /** True when every name {@code a} matches is also matched by {@code b}. */
  static boolean subsetOf(String a, String b) {
    if (isWildcarded(a)) {
      return isWildcarded(b) && a.substring(1).endsWith(b.substring(1));
    }
    if (isWildcarded(b)) {
      return a.endsWith(b.substring(1));
    }
    return a.equals(b);
  }
}

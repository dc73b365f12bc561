package dev.rigging.istiod.webhook.inject;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code AnnotationChecks} validates the injection annotations of a pod as istiod's injector does
 * before it renders anything: a bad value fails the injection with a message naming the annotation,
 * the value and what would be valid, instead of producing a pod that pilot-agent cannot run.
 */
final class AnnotationChecks {
  // Kubernetes' quantity syntax (resource.Quantity).
  private static final Pattern QUANTITY = Pattern.compile("^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\\d+)?$");
  private static final Set<String> INTERCEPTION_MODES = Set.of("REDIRECT", "TPROXY", "NONE");
  private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warning", "warn", "error", "critical",
      "off");
  private static final Set<String> BOOLEANS = Set.of("1", "t", "true", "0", "f", "false");

  private AnnotationChecks() {}

  /** Every problem with {@code annotations}, empty when they are all usable. */
  static List<String> problems(Map<String, String> annotations) {
    List<String> out = new ArrayList<>();
    annotations.forEach((k, v) -> {
      String problem = check(k, v == null ? "" : v.trim());
      if (problem != null) {
        out.add("annotation " + k + "=\"" + v + "\": " + problem);
      }
    });
    out.sort(null);
    return out;
  }

  private static String check(String key, String v) {
    return switch (key) {
      case IstioAnnotations.PROXY_CPU, IstioAnnotations.PROXY_MEMORY, IstioAnnotations.PROXY_CPU_LIMIT,
          IstioAnnotations.PROXY_MEMORY_LIMIT -> QUANTITY.matcher(v).matches() ? null
          : "not a Kubernetes quantity (e.g. 100m, 128Mi)";
      case IstioAnnotations.INTERCEPTION_MODE -> INTERCEPTION_MODES.contains(v) ? null
          : "valid modes: REDIRECT, TPROXY, NONE";
      case IstioAnnotations.LOG_LEVEL -> LOG_LEVELS.contains(v.toLowerCase(Locale.ROOT)) ? null
          : "valid levels: trace, debug, info, warning, error, critical, off";
      case IstioAnnotations.NATIVE_SIDECAR, IstioAnnotations.REWRITE_PROBES ->
          BOOLEANS.contains(v.toLowerCase(Locale.ROOT)) ? null : "not a boolean (true or false)";
      case IstioAnnotations.STATUS_PORT -> port(v, true);
      case IstioAnnotations.READINESS_INITIAL_DELAY, IstioAnnotations.READINESS_PERIOD,
          IstioAnnotations.READINESS_FAILURE_THRESHOLD -> nonNegative(v);
      case IstioAnnotations.INCLUDE_OUTBOUND_IP_RANGES, IstioAnnotations.EXCLUDE_OUTBOUND_IP_RANGES -> cidrs(v);
      case IstioAnnotations.INCLUDE_INBOUND_PORTS -> v.equals("*") ? null : ports(v);
      case IstioAnnotations.EXCLUDE_INBOUND_PORTS, IstioAnnotations.INCLUDE_OUTBOUND_PORTS,
          IstioAnnotations.EXCLUDE_OUTBOUND_PORTS -> ports(v);
      default -> null;
    };
  }

  private static String nonNegative(String v) {
    try {
      return Integer.parseInt(v) >= 0 ? null : "must not be negative";
    } catch (NumberFormatException e) {
      return "not an integer";
    }
  }

  private static String port(String v, boolean zeroAllowed) {
    try {
      int p = Integer.parseInt(v);
      return (p > 0 || (zeroAllowed && p == 0)) && p <= 65535 ? null
          : "port " + v + " is out of range (1-65535" + (zeroAllowed ? ", or 0 to disable" : "") + ")";
    } catch (NumberFormatException e) {
      return "\"" + v + "\" is not a port number";
    }
  }

  private static String ports(String v) {
    if (v.isEmpty()) {
      return null;
    }
    for (String p : v.split(",")) {
      String problem = port(p.trim(), false);
      if (problem != null) {
        return problem + "; expected a comma-separated list of ports";
      }
    }
    return null;
  }

  private static String cidrs(String v) {
    if (v.isEmpty() || v.equals("*")) {
      return null;
    }
    for (String c : v.split(",")) {
      if (!isCidr(c.trim())) {
        return "\"" + c.trim() + "\" is not an IP range; expected \"*\" or comma-separated CIDRs such as 10.0.0.0/8";
      }
    }
    return null;
  }

  private static boolean isCidr(String c) {
    int slash = c.indexOf('/');
    String ip = slash < 0 ? c : c.substring(0, slash);
    int bits;
    if (ip.contains(":")) {
      try {
        // An address with ':' is parsed as an IPv6 literal; no name is ever resolved.
        bits = InetAddress.getByName(ip).getAddress().length * 8;
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    } else if (isIpv4(ip)) {
      bits = 32;
    } else {
      return false;
    }
    try {
      int prefix = slash < 0 ? bits : Integer.parseInt(c.substring(slash + 1));
      return prefix >= 0 && prefix <= bits;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isIpv4(String ip) {
    String[] octets = ip.split("\\.", -1);
    if (octets.length != 4) {
      return false;
    }
    for (String o : octets) {
      if (!o.matches("\\d{1,3}") || Integer.parseInt(o) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Go's {@code strconv.ParseBool} truth, as Istio reads boolean annotations. */
  static boolean isTrue(String v) {
    return v != null && Set.of("1", "t", "true").contains(v.trim().toLowerCase(Locale.ROOT));
  }
}

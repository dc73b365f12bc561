package dev.rigging.mesh.validation;

/**
 * {@code IpAddresses} recognises IPv4/IPv6 literals, CIDR blocks and Unix domain socket paths
 * without ever resolving a name ({@link java.net.InetAddress} would query DNS for non-literals).
 * Like Go's {@code netip}, which Istio uses, IPv4 octets with leading zeros are rejected.
 */
final class IpAddresses {
  static final String UNIX_PREFIX = "unix://";

  private IpAddresses() {}

  static boolean isIp(String s) {
    return s != null && (isIpv4(s) || isIpv6(s));
  }

  static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
          || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  static boolean isIpv6(String s) {
    int zone = s.indexOf('%');
    if (zone >= 0) {
      if (zone == s.length() - 1) {
        return false;
      }
      s = s.substring(0, zone);
    }
    if (!s.contains(":")) {
      return false;
    }
    int groups = 0;
    String head = s;
    String tail = "";
    int gap = s.indexOf("::");
    if (gap >= 0) {
      if (s.indexOf("::", gap + 1) >= 0) {
        return false;
      }
      head = s.substring(0, gap);
      tail = s.substring(gap + 2);
    }
    String[] all = (head + (tail.isEmpty() ? "" : (head.isEmpty() ? "" : ":") + tail)).split(":", -1);
    if (head.isEmpty() && tail.isEmpty()) {
      return gap >= 0;
    }
    for (int i = 0; i < all.length; i++) {
      String g = all[i];
      if (i == all.length - 1 && g.contains(".")) {
        if (!isIpv4(g)) {
          return false;
        }
        groups += 2;
      } else {
        if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
          return false;
        }
        groups++;
      }
    }
    return gap >= 0 ? groups < 8 : groups == 8;
  }

  /** An IP or a CIDR block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); null when valid. */
  static String subnetProblem(String s) {
    if (s == null || s.isEmpty()) {
      return "empty address; expected an IP such as 10.0.0.1 or a CIDR block such as 10.0.0.0/16";
    }
    int slash = s.indexOf('/');
    if (slash < 0) {
      return isIp(s) ? null : "\"" + s + "\" is not a valid IP address; expected e.g. 10.0.0.1 or 2001:db8::1";
    }
    String addr = s.substring(0, slash);
    String bits = s.substring(slash + 1);
    boolean v4 = isIpv4(addr);
    boolean ok = (v4 || (isIpv6(addr) && !addr.contains("%")))
        && !bits.isEmpty() && bits.length() <= 3 && bits.chars().allMatch(c -> c >= '0' && c <= '9')
        && !(bits.length() > 1 && bits.charAt(0) == '0')
        && Integer.parseInt(bits) <= (v4 ? 32 : 128);
    return ok ? null : "\"" + s + "\" is not a valid CIDR block; expected address/prefix-length such as 10.0.0.0/16 or 2001:db8::/32";
  }

  /** The path after {@code unix://}: absolute, not a directory, or an abstract socket ({@code @name}). */
  static String unixPathProblem(String path) {
    if (path.isEmpty()) {
      return "unix domain socket path is empty; expected unix:///absolute/path or unix://@abstract-name";
    }
    if (path.startsWith("@")) {
      return null;
    }
    if (!path.startsWith("/") || path.endsWith("/")) {
      return "\"" + path + "\" is not an absolute path to a file; expected unix:///absolute/path or unix://@abstract-name";
    }
    return null;
  }
}

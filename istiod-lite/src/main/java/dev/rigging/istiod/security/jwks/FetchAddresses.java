package dev.rigging.istiod.security.jwks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * {@code FetchAddresses} keeps the control plane from being used to reach its own network when it
 * fetches keys from URLs that mesh config names (server-side request forgery): a host that is, or
 * resolves to, a loopback, link-local (cloud metadata services live there), private, carrier-grade
 * NAT, unique-local, multicast or unspecified address is refused unless private fetches are allowed.
 *
 * <p>The check resolves the name right before the request, and the HTTP client resolves it again
 * through the same JVM address cache ({@code networkaddress.cache.ttl}, 30 s by default), so both
 * normally see the same answer. A name that changes its answer exactly between the two lookups
 * (DNS rebinding at the cache's expiry) is not ruled out; pinning the checked address would need
 * a custom socket layer, which the JDK client does not offer.
 */
final class FetchAddresses {
  private FetchAddresses() {}

  /** Throws with the reason when {@code uri}'s host may not be fetched from. */
  static void check(URI uri, boolean allowPrivate) throws JwksFetchException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new JwksFetchException(uri + " is not an http(s) URL");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new JwksFetchException(uri + " has no host");
    }
    if (allowPrivate) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new JwksFetchException("cannot resolve " + host);
    }
    for (InetAddress a : addresses) {
      if (isPrivate(a)) {
        throw new JwksFetchException(host + " resolves to " + a.getHostAddress()
            + ", a private, loopback or link-local address; set rigging.jwt.allow-private-jwks=true to allow it");
      }
    }
  }

  static boolean isPrivate(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      // 0.0.0.0/8 "this network", 100.64.0.0/10 carrier-grade NAT
      return first == 0 || (first == 100 && second >= 64 && second < 128);
    }
    if (a instanceof Inet6Address) {
      // fc00::/7 unique local addresses (site-local is deprecated and not what clusters use)
      return (b[0] & 0xfe) == 0xfc;
    }
    return false;
  }
}

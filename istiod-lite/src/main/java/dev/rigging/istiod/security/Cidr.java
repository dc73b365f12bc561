package dev.rigging.istiod.security;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.Objects;

/**
 * {@code Cidr} is an IP block as Envoy's {@code CidrRange}: an address prefix and a length. A
 * single IP is a /32 (or /128). Parsing never resolves names: only IP literals are accepted.
 *
 * @param address the address as written (the prefix)
 * @param prefixLength the number of leading bits that must match
 */
public record Cidr(String address, int prefixLength) {

  public Cidr {
    Objects.requireNonNull(address, "address");
    int bits = InetAddresses.forString(address).getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " is out of range for " + address);
    }
  }

  /** {@code 10.0.0.0/8}, {@code 2001:db8::/32} or a single address. */
  public static Cidr parse(String value) {
    int slash = value.indexOf('/');
    if (slash < 0) {
      InetAddress a = InetAddresses.forString(value);
      return new Cidr(value, a.getAddress().length * 8);
    }
    return new Cidr(value.substring(0, slash), Integer.parseInt(value.substring(slash + 1)));
  }

  /** Whether {@code ip} (an IP literal, or null) is inside this block. */
  public boolean contains(String ip) {
    if (ip == null || ip.isEmpty() || !InetAddresses.isInetAddress(ip)) {
      return false;
    }
    byte[] a = InetAddresses.forString(ip).getAddress();
    byte[] p = InetAddresses.forString(address).getAddress();
    if (a.length != p.length) {
      return false;
    }
    for (int bit = 0; bit < prefixLength; bit++) {
      int mask = 0x80 >> (bit % 8);
      if ((a[bit / 8] & mask) != (p[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return address + "/" + prefixLength;
  }
}

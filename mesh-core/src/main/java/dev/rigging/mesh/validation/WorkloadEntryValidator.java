package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.WorkloadEntry;
import java.util.Set;

/**
 * {@code WorkloadEntryValidator} checks a workload's address (IP, DNS name or {@code unix://}
 * socket), port overrides, labels and weight. It serves both the WorkloadEntry kind and the inline
 * endpoints of ServiceEntries, where the resolution mode narrows what an address may be.
 */
final class WorkloadEntryValidator {
  private WorkloadEntryValidator() {}

  /** Which address forms an endpoint may use. */
  enum Addresses {
    /** A standalone WorkloadEntry: its ServiceEntry (and so its resolution) is not known here. */
    ANY,
    /** STATIC resolution: nothing is resolved, so IPs or sockets. */
    IP_OR_SOCKET,
    /** DNS resolution: IPs or names to resolve. */
    IP_OR_NAME
  }

  static void validate(Issues issues, WorkloadEntry we) {
    validate(issues, "spec", we, null, Addresses.ANY);
  }

  /** @param servicePorts the port names of the ServiceEntry, or null when unknown */
  static void validate(Issues issues, String p, WorkloadEntry we, Set<String> servicePorts, Addresses allowed) {
    String addr = we.address() == null ? "" : we.address();
    boolean unix = addr.startsWith(IpAddresses.UNIX_PREFIX);
    if (addr.isEmpty()) {
      if (we.network() == null || we.network().isEmpty()) {
        issues.error(p + ".address", "address is required: an IP, a DNS name or unix:///path/to/socket");
      } else {
        issues.warn(p + ".address", "address is unset; the workload is only reachable through the gateway of network \"" + we.network() + "\"");
      }
    } else if (unix && allowed == Addresses.IP_OR_NAME) {
      issues.error(p + ".address", "unix domain socket endpoints need resolution STATIC; with DNS use an IP or a DNS name");
    } else if (unix) {
      issues.errorIfPresent(p + ".address", IpAddresses.unixPathProblem(addr.substring(IpAddresses.UNIX_PREFIX.length())));
      if (!we.ports().isEmpty()) {
        issues.error(p + ".ports", "a unix domain socket endpoint has no ports; remove ports");
      }
      if (servicePorts != null && servicePorts.size() != 1) {
        issues.error(p + ".address", "a unix domain socket endpoint needs a ServiceEntry with exactly 1 port, not " + servicePorts.size());
      }
    } else if (!IpAddresses.isIp(addr)) {
      if (allowed == Addresses.IP_OR_SOCKET) {
        issues.error(p + ".address", "address \"" + addr + "\" is not an IP address; STATIC resolution needs IPs (or unix:// sockets), use resolution DNS for host names");
      } else if (Hosts.fqdnProblem(addr) != null) {
        issues.error(p + ".address", "address \"" + addr + "\" is not a valid IP address or DNS name; e.g. 10.0.0.1 or vm1.example.com");
      }
    }
    we.ports().forEach((name, port) -> {
      String at = Issues.key(p + ".ports", name);
      if (servicePorts != null && !servicePorts.contains(name)) {
        issues.error(at, "port name \"" + name + "\" is not a port of the ServiceEntry; use one of " + servicePorts);
      }
      issues.errorIfPresent(at, Ports.nameProblem(name));
      issues.errorIfPresent(at, Ports.numberProblem(port));
    });
    Labels.check(issues, p + ".labels", we.labels());
    TrafficPolicyValidator.nonNegative(issues, p + ".weight", we.weight());
  }
}

package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.Gateway.ServerTLSMode;
import dev.rigging.mesh.api.networking.Sidecar;
import dev.rigging.mesh.api.networking.Sidecar.CaptureMode;
import dev.rigging.mesh.api.networking.Sidecar.IstioEgressListener;
import dev.rigging.mesh.api.networking.Sidecar.IstioIngressListener;
import dev.rigging.mesh.api.networking.Sidecar.OutboundMode;
import dev.rigging.mesh.api.networking.Sidecar.SidecarPort;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code SidecarValidator} checks a Sidecar: ingress listeners (unique ports, where traffic is
 * delivered, TLS), egress listeners ({@code namespace/host} hosts, at most one catch-all listener
 * without a port, and it comes last) and the outbound traffic policy.
 */
final class SidecarValidator {
  private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "0.0.0.0", "::1", "::");

  private SidecarValidator() {}

  static void validate(Issues issues, Sidecar sc) {
    if (sc.workloadSelector() != null) {
      Labels.checkSelector(issues, "spec.workloadSelector.labels", sc.workloadSelector().labels());
      if (sc.workloadSelector().labels().isEmpty()) {
        issues.warn("spec.workloadSelector", "workloadSelector has no labels, so this Sidecar applies to every workload in the namespace");
      }
    }
    if (sc.egress().isEmpty() && sc.ingress().isEmpty() && sc.outboundTrafficPolicy() == null && sc.inboundConnectionPool() == null) {
      issues.error("spec", "empty Sidecar; set at least one of egress, ingress, outboundTrafficPolicy or inboundConnectionPool");
      return;
    }
    Map<Integer, Integer> ingressPorts = new HashMap<>();
    for (int i = 0; i < sc.ingress().size(); i++) {
      ingress(issues, Issues.at("spec.ingress", i), sc.ingress().get(i), ingressPorts, i);
    }
    ConnectionPools.check(issues, "spec.inboundConnectionPool", sc.inboundConnectionPool());
    Map<Integer, Integer> egressPorts = new HashMap<>();
    Map<String, Integer> sockets = new HashMap<>();
    Integer catchAll = null;
    for (int i = 0; i < sc.egress().size(); i++) {
      IstioEgressListener e = sc.egress().get(i);
      String p = Issues.at("spec.egress", i);
      if (e.port() == null) {
        if (catchAll != null) {
          issues.error(p + ".port", "only one egress listener may omit the port (also " + Issues.at("spec.egress", catchAll) + "); give this one a port");
        } else if (i != sc.egress().size() - 1) {
          issues.error(p + ".port", "the egress listener without a port catches everything else and must be the last one; move it to the end");
        }
        catchAll = catchAll == null ? i : catchAll;
      } else {
        egressPort(issues, p, e, egressPorts, sockets, i);
      }
      if (e.hosts().isEmpty()) {
        issues.error(p + ".hosts", "an egress listener needs at least one host, e.g. hosts: [\"./*\", \"istio-system/*\"]");
      }
      for (int j = 0; j < e.hosts().size(); j++) {
        String at = Issues.at(p + ".hosts", j);
        Hosts.namespacedHostProblems(e.hosts().get(j), false).forEach(m -> issues.error(at, m));
      }
    }
    outboundTrafficPolicy(issues, "spec.outboundTrafficPolicy", sc.outboundTrafficPolicy());
  }

  private static void ingress(Issues issues, String p, IstioIngressListener in, Map<Integer, Integer> ports, int index) {
    if (in.port() == null) {
      issues.error(p + ".port", "port is required for ingress listeners, e.g. port: {number: 9080, protocol: HTTP, name: http}");
      return;
    }
    port(issues, p + ".port", in.port());
    issues.errorIfPresent(p + ".port.number", Ports.numberProblem(in.port().number()));
    if (in.bind() != null && !in.bind().isEmpty() && !IpAddresses.isIp(in.bind())) {
      issues.error(p + ".bind", "bind \"" + in.bind() + "\" is not an IP address, e.g. 0.0.0.0");
    }
    Integer first = in.port().number() == null ? null : ports.putIfAbsent(in.port().number(), index);
    if (first != null) {
      issues.error(p + ".port.number", "duplicate ingress port " + in.port().number() + " (also at " + Issues.at("spec.ingress", first) + "); ports must be unique");
    }
    defaultEndpoint(issues, p + ".defaultEndpoint", in.defaultEndpoint());
    var tls = in.tls();
    if (tls != null) {
      if (!tls.subjectAltNames().isEmpty()) {
        issues.error(p + ".tls.subjectAltNames", "subjectAltNames is not supported on sidecar ingress; remove it");
      }
      if (Boolean.TRUE.equals(tls.httpsRedirect())) {
        issues.error(p + ".tls.httpsRedirect", "httpsRedirect is not supported on sidecar ingress; remove it");
      }
      if (tls.credentialName() != null && !tls.credentialName().isEmpty()) {
        issues.error(p + ".tls.credentialName", "credentialName is not supported on sidecar ingress; use serverCertificate and privateKey files");
      }
      if (tls.mode() == ServerTLSMode.ISTIO_MUTUAL || tls.mode() == ServerTLSMode.AUTO_PASSTHROUGH) {
        issues.error(p + ".tls.mode", "mode " + tls.mode() + " is not allowed on sidecar ingress; use SIMPLE, MUTUAL or OPTIONAL_MUTUAL");
      }
      ServerTlsValidator.validate(issues, p + ".tls", tls);
    }
    ConnectionPools.check(issues, p + ".connectionPool", in.connectionPool());
    if (in.connectionPool() != null && in.connectionPool().http() != null
        && Protocol.parse(in.port().protocol()).map(pr -> !pr.isHttp()).orElse(false)) {
      issues.warn(p + ".connectionPool.http", "HTTP connection pool settings have no effect on " + in.port().protocol() + " port " + in.port().number());
    }
  }

  /** Where ingress traffic is delivered: a local address ({@code 127.0.0.1:8080}, {@code [::1]:8080}, {@code :8080}) or a socket. */
  private static void defaultEndpoint(Issues issues, String field, String ep) {
    if (ep == null || ep.isEmpty()) {
      return;
    }
    if (ep.startsWith(IpAddresses.UNIX_PREFIX)) {
      issues.errorIfPresent(field, IpAddresses.unixPathProblem(ep.substring(IpAddresses.UNIX_PREFIX.length())));
      return;
    }
    String expected = "; expected 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port> or unix:///path";
    int colon = ep.lastIndexOf(':');
    if (colon < 0) {
      issues.error(field, "defaultEndpoint \"" + ep + "\" has no port" + expected);
      return;
    }
    String host = ep.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      issues.error(field, "defaultEndpoint \"" + ep + "\" has an IPv6 address without brackets" + expected);
      return;
    }
    if (!host.isEmpty() && !LOCAL_HOSTS.contains(host)) {
      issues.error(field, "defaultEndpoint \"" + ep + "\" must point at the workload itself" + expected);
    }
    String port = ep.substring(colon + 1);
    try {
      issues.errorIfPresent(field, Ports.numberProblem(Integer.parseInt(port)));
    } catch (NumberFormatException e) {
      issues.error(field, "defaultEndpoint port \"" + port + "\" is not a number" + expected);
    }
  }

  private static void egressPort(Issues issues, String p, IstioEgressListener e, Map<Integer, Integer> ports,
      Map<String, Integer> sockets, int index) {
    port(issues, p + ".port", e.port());
    String bind = e.bind() == null ? "" : e.bind();
    Integer number = e.port().number() == null ? 0 : e.port().number();
    if (number == 0) {
      // port 0 means "listen on the unix domain socket given in bind"
      if (!bind.startsWith(IpAddresses.UNIX_PREFIX)) {
        issues.error(p + ".bind", "a listener with port 0 must bind a unix domain socket, e.g. bind: unix:///var/run/app.sock; otherwise give a port number");
      } else {
        issues.errorIfPresent(p + ".bind", IpAddresses.unixPathProblem(bind.substring(IpAddresses.UNIX_PREFIX.length())));
        Integer first = sockets.putIfAbsent(bind, index);
        if (first != null) {
          issues.error(p + ".bind", "unix domain socket " + bind + " is already used by " + Issues.at("spec.egress", first));
        }
      }
      if (e.captureMode() != null && e.captureMode() != CaptureMode.DEFAULT && e.captureMode() != CaptureMode.NONE) {
        issues.error(p + ".captureMode", "unix domain socket listeners need captureMode DEFAULT or NONE");
      }
      return;
    }
    issues.errorIfPresent(p + ".port.number", Ports.numberProblem(number));
    if (!bind.isEmpty() && !IpAddresses.isIp(bind)) {
      issues.error(p + ".bind", "bind \"" + bind + "\" is not an IP address, e.g. 127.0.0.1, or unix:///path with port 0");
    }
    Integer first = ports.putIfAbsent(number, index);
    if (first != null) {
      issues.error(p + ".port.number", "duplicate egress port " + number + " (also at " + Issues.at("spec.egress", first) + "); ports must be unique");
    }
  }

  private static void port(Issues issues, String p, SidecarPort port) {
    if (port.targetPort() != null && port.targetPort() > 0) {
      issues.error(p + ".targetPort", "targetPort has no effect on Sidecars; remove it");
    }
    if (port.name() != null && !port.name().isEmpty()) {
      issues.errorIfPresent(p + ".name", Ports.nameProblem(port.name()));
    }
    issues.errorIfPresent(p + ".protocol", Ports.protocolProblem(port.protocol()));
  }

  private static void outboundTrafficPolicy(Issues issues, String p, Sidecar.OutboundTrafficPolicy policy) {
    if (policy == null || policy.egressProxy() == null) {
      return;
    }
    if (policy.mode() != OutboundMode.ALLOW_ANY) {
      issues.error(p + ".egressProxy", "egressProxy only applies with mode ALLOW_ANY; set mode: ALLOW_ANY or remove egressProxy");
      return;
    }
    var proxy = policy.egressProxy();
    Destinations.check(issues, p + ".egressProxy", proxy);
    if (proxy.host() != null && proxy.host().contains("*")) {
      issues.error(p + ".egressProxy.host", "egressProxy host \"" + proxy.host() + "\" cannot be a wildcard; name the proxy service");
    }
    if (proxy.port() == null) {
      issues.error(p + ".egressProxy.port", "egressProxy needs a port, e.g. port: {number: 3128}");
    }
  }
}

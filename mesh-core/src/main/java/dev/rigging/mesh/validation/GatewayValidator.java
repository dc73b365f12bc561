package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.Gateway;
import dev.rigging.mesh.api.networking.Gateway.Server;
import dev.rigging.mesh.api.networking.Gateway.ServerTLSMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GatewayValidator} checks a Gateway: at least one server, each with {@code namespace/host}
 * hosts, a named port with a known protocol, a bind address, and TLS settings that fit the protocol.
 */
final class GatewayValidator {
  private GatewayValidator() {}

  static void validate(Issues issues, String name, Gateway gw) {
    // the name becomes part of generated listener and route names, which must be DNS labels
    if (!Hosts.isDnsLabel(name)) {
      issues.error("metadata.name", "invalid Gateway name \"" + name + "\"; must be a DNS label (letters, digits and '-', no dots)");
    }
    if (gw.servers().isEmpty()) {
      issues.error("spec.servers", "a Gateway needs at least one server");
    }
    Map<String, Integer> portNames = new HashMap<>();
    for (int i = 0; i < gw.servers().size(); i++) {
      String p = Issues.at("spec.servers", i);
      Server s = gw.servers().get(i);
      server(issues, p, s);
      if (s.port() != null) {
        Integer first = portNames.putIfAbsent(Objects.toString(s.port().name(), ""), i);
        if (first != null) {
          issues.error(p + ".port.name", "duplicate port name \"" + s.port().name() + "\" (also at "
              + Issues.at("spec.servers", first) + ".port.name); port names must be unique within a Gateway");
        }
        Optional<Protocol> proto = Protocol.parse(s.port().protocol());
        if (proto.isPresent() && !proto.get().isHttp() && s.tls() != null && Boolean.TRUE.equals(s.tls().httpsRedirect())) {
          issues.warn(p + ".tls.httpsRedirect", "httpsRedirect only applies to HTTP servers; it is ignored on " + s.port().protocol());
        }
      }
    }
    Labels.check(issues, "spec.selector", gw.selector());
  }

  private static void server(Issues issues, String p, Server s) {
    if (s.hosts().isEmpty()) {
      issues.error(p + ".hosts", "a server needs at least one host, e.g. hosts: [\"*/bookinfo.example.com\"]");
    }
    for (int j = 0; j < s.hosts().size(); j++) {
      String at = Issues.at(p + ".hosts", j);
      Hosts.namespacedHostProblems(s.hosts().get(j), true).forEach(m -> issues.error(at, m));
    }
    String bind = s.bind() == null ? "" : s.bind();
    boolean unixBind = bind.startsWith(IpAddresses.UNIX_PREFIX);
    int before = issues.errorCount();
    var port = s.port();
    if (port == null) {
      issues.error(p + ".port", "port is required, e.g. port: {number: 80, name: http, protocol: HTTP}");
    } else {
      if (Protocol.parse(port.protocol()).isEmpty()) {
        issues.error(p + ".port.protocol", "unsupported protocol \"" + port.protocol() + "\"; valid: " + Protocol.VALID);
      }
      if ((port.number() != null && port.number() > 0) || !unixBind) {
        issues.errorIfPresent(p + ".port.number", Ports.numberProblem(port.number()));
      }
      if (port.targetPort() != null && port.targetPort() > 0) {
        issues.error(p + ".port.targetPort", "targetPort has no effect on Gateways; remove it");
      }
      if (port.name() == null || port.name().isEmpty()) {
        issues.error(p + ".port.name", "port name is required, e.g. name: http");
      }
    }
    boolean portValid = issues.errorCount() == before;
    if (unixBind) {
      issues.errorIfPresent(p + ".bind", IpAddresses.unixPathProblem(bind.substring(IpAddresses.UNIX_PREFIX.length())));
      if (port != null && port.number() != null && port.number() != 0) {
        issues.error(p + ".port.number", "a server bound to a unix domain socket must use port number 0");
      }
    } else if (!bind.isEmpty() && !IpAddresses.isIp(bind)) {
      issues.error(p + ".bind", "bind \"" + bind + "\" is not an IP address; use an IP such as 0.0.0.0 or unix:///path");
    }
    ServerTlsValidator.validate(issues, p + ".tls", s.tls());
    if (portValid) {
      Protocol proto = Protocol.parse(port.protocol()).orElseThrow();
      if (proto.isTls() && s.tls() == null) {
        issues.error(p + ".tls", "a server with protocol " + port.protocol() + " needs tls settings, e.g. tls: {mode: SIMPLE, credentialName: my-cert}");
      } else if (!proto.isTls() && s.tls() != null) {
        var tls = s.tls();
        ServerTLSMode mode = tls.mode() == null ? ServerTLSMode.PASSTHROUGH : tls.mode();
        boolean passthrough = mode == ServerTLSMode.PASSTHROUGH || mode == ServerTLSMode.AUTO_PASSTHROUGH;
        boolean files = present(tls.caCertificates()) || present(tls.privateKey()) || present(tls.serverCertificate());
        if (!proto.isHttp()) {
          issues.error(p + ".tls", "a server with protocol " + port.protocol() + " cannot have tls settings; use protocol HTTPS or TLS");
        } else if (!passthrough || files) {
          issues.error(p + ".tls", "a plain-text HTTP server can only use tls.httpsRedirect; use protocol HTTPS to terminate TLS");
        }
      }
    }
  }

  static boolean present(String s) {
    return s != null && !s.isEmpty();
  }
}

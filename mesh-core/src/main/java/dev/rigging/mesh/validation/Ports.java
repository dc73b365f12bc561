package dev.rigging.mesh.validation;

/** {@code Ports} checks port numbers, port names and protocol names. */
final class Ports {
  private Ports() {}

  static String numberProblem(Integer port) {
    if (port == null) {
      return "port number is required; must be between 1 and 65535";
    }
    return port >= 1 && port <= 65535 ? null : "port " + port + " out of range; must be between 1 and 65535";
  }

  /** Port names are DNS labels, e.g. {@code http}, {@code grpc-web}, {@code tcp-db}. */
  static String nameProblem(String name) {
    return Hosts.dnsLabelProblem("port name", name);
  }

  /** An empty protocol is allowed where Istio sniffs the protocol (service and sidecar ports). */
  static String protocolProblem(String protocol) {
    if (protocol == null || protocol.isEmpty() || Protocol.parse(protocol).isPresent()) {
      return null;
    }
    return "unsupported protocol \"" + protocol + "\"; valid: " + Protocol.VALID;
  }
}

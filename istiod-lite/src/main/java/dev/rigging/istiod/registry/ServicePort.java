package dev.rigging.istiod.registry;

import java.util.Objects;

/**
 * {@code ServicePort} is one port of a mesh service.
 *
 * @param name port name (may be empty for single-port Kubernetes services)
 * @param port the service port number clients dial
 * @param protocol the application protocol
 * @param targetPort the port workloads listen on when it differs and is known, else the same as {@code port}
 */
public record ServicePort(String name, int port, Protocol protocol, int targetPort) {
  public ServicePort {
    name = name == null ? "" : name;
    Objects.requireNonNull(protocol, "protocol");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " out of range 1..65535");
    }
    if (targetPort <= 0) {
      targetPort = port;
    }
  }

  public static ServicePort of(String name, int port, Protocol protocol) {
    return new ServicePort(name, port, protocol, port);
  }
}

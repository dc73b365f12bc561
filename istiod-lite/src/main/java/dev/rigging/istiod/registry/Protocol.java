package dev.rigging.istiod.registry;

import java.util.Locale;

/**
 * {@code Protocol} is the application protocol of a service port, chosen the way Istio does: the
 * explicit protocol (ServiceEntry/Gateway field, Kubernetes {@code appProtocol}) first, then the
 * port name prefix ({@code http-web}, {@code grpc}), else TCP.
 */
public enum Protocol {
  HTTP, HTTP2, GRPC, GRPC_WEB, HTTPS, TLS, TCP, UDP, MONGO, REDIS, MYSQL, HTTP_PROXY, UNSUPPORTED;

  /** Parses a protocol name case-insensitively ({@code grpc-web} and {@code GRPC-Web} included). */
  public static Protocol parse(String name) {
    if (name == null || name.isBlank()) {
      return UNSUPPORTED;
    }
    String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    return switch (n) {
      case "HTTP" -> HTTP;
      case "HTTP2", "H2C", "KUBERNETES.IO/H2C" -> HTTP2;
      case "GRPC" -> GRPC;
      case "GRPC_WEB" -> GRPC_WEB;
      case "HTTPS" -> HTTPS;
      case "TLS" -> TLS;
      case "TCP" -> TCP;
      case "UDP" -> UDP;
      case "MONGO" -> MONGO;
      case "REDIS" -> REDIS;
      case "MYSQL" -> MYSQL;
      case "HTTP_PROXY" -> HTTP_PROXY;
      default -> UNSUPPORTED;
    };
  }

  /** Istio's protocol selection for a port: explicit protocol/appProtocol, else the name prefix, else TCP. */
  public static Protocol select(String explicit, String portName) {
    Protocol p = parse(explicit);
    if (p != UNSUPPORTED) {
      return p;
    }
    if (portName != null) {
      // grpc-web is the one protocol whose name contains the separator.
      if (portName.equalsIgnoreCase("grpc-web") || portName.toLowerCase(java.util.Locale.ROOT).startsWith("grpc-web-")) {
        return GRPC_WEB;
      }
      int dash = portName.indexOf('-');
      p = parse(dash < 0 ? portName : portName.substring(0, dash));
      if (p != UNSUPPORTED) {
        return p;
      }
    }
    return TCP;
  }

  /** Served through an HTTP connection manager (HTTP routes apply). */
  public boolean isHttp() {
    return this == HTTP || this == HTTP2 || this == GRPC || this == GRPC_WEB || this == HTTP_PROXY;
  }

  /** Carried over TLS end to end (SNI routing, no HTTP inspection). */
  public boolean isTls() {
    return this == HTTPS || this == TLS;
  }

  /** Needs HTTP/2 upstream. */
  public boolean isHttp2() {
    return this == HTTP2 || this == GRPC;
  }
}

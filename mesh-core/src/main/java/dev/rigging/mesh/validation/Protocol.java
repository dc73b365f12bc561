package dev.rigging.mesh.validation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code Protocol} is the set of port protocols Istio understands (names are case-insensitive). */
enum Protocol {
  HTTP("HTTP"), HTTPS("HTTPS"), GRPC("GRPC"), GRPC_WEB("GRPC-WEB"), HTTP2("HTTP2"), HTTP_PROXY("HTTP_PROXY"),
  TCP("TCP"), TLS("TLS"), UDP("UDP"), MONGO("MONGO"), REDIS("REDIS"), MYSQL("MYSQL");

  /** For messages: every name a user may write. */
  static final String VALID = Arrays.stream(values()).map(p -> p.name).collect(Collectors.joining(", "));

  private final String name;

  Protocol(String name) {
    this.name = name;
  }

  static Optional<Protocol> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    String upper = s.toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.name.equals(upper)).findFirst();
  }

  boolean isHttp() {
    return this == HTTP || this == HTTP2 || this == HTTP_PROXY || this == GRPC || this == GRPC_WEB;
  }

  boolean isTls() {
    return this == HTTPS || this == TLS;
  }
}

package dev.rigging.istiod.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolTest {
  @Test
  void explicitProtocolWinsThenPortNamePrefixThenTcp() {
    assertThat(Protocol.select("GRPC", "http-web")).isEqualTo(Protocol.GRPC);
    assertThat(Protocol.select(null, "http-web")).isEqualTo(Protocol.HTTP);
    assertThat(Protocol.select(null, "grpc")).isEqualTo(Protocol.GRPC);
    assertThat(Protocol.select(null, "grpc-web")).isEqualTo(Protocol.GRPC_WEB);
    assertThat(Protocol.select(null, "grpc-web-ui")).isEqualTo(Protocol.GRPC_WEB);
    assertThat(Protocol.select(null, "grpc-api")).isEqualTo(Protocol.GRPC);
    assertThat(Protocol.select("kubernetes.io/h2c", "web")).isEqualTo(Protocol.HTTP2);
    assertThat(Protocol.select(null, "web")).isEqualTo(Protocol.TCP);
    assertThat(Protocol.select(null, null)).isEqualTo(Protocol.TCP);
  }
}

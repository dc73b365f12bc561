package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code InboundChainSimulationTest} sends simulated connections to a sidecar's
 * {@code virtualInbound} listener and checks which filter chain Envoy would pick (destination port,
 * then transport protocol, then ALPN, most specific first) and whether it terminates mTLS: what
 * STRICT, PERMISSIVE, DISABLE and port-level policies mean for real clients.
 */
class InboundChainSimulationTest {
  /** A connection as the listener filters see it: port, {@code tls} or {@code raw_buffer}, client ALPN. */
  private record Connection(int port, String transport, List<String> alpn) {}

  private static Connection mtls(int port) {
    return new Connection(port, "tls", List.of("istio-peer-exchange", "istio"));
  }

  private static Connection plaintext(int port) {
    return new Connection(port, "raw_buffer", List.of());
  }

  private static Connection oneWayTls(int port) {
    return new Connection(port, "tls", List.of("h2"));
  }

  /** Envoy's filter chain match for the fields translation sets; null when no chain matches. */
  static FilterChain match(Listener l, Connection c) {
    List<FilterChain> chains = l.getFilterChainsList();
    chains = narrow(chains, fc -> fc.getFilterChainMatch().hasDestinationPort()
        ? List.of(fc.getFilterChainMatch().getDestinationPort().getValue()) : List.of(), c.port());
    chains = narrow(chains, fc -> fc.getFilterChainMatch().getTransportProtocol().isEmpty() ? List.of()
        : List.of(fc.getFilterChainMatch().getTransportProtocol()), c.transport());
    for (String alpn : c.alpn()) {
      List<FilterChain> exact = chains.stream()
          .filter(fc -> fc.getFilterChainMatch().getApplicationProtocolsList().contains(alpn)).toList();
      if (!exact.isEmpty()) {
        return exact.get(0);
      }
    }
    List<FilterChain> any = chains.stream()
        .filter(fc -> fc.getFilterChainMatch().getApplicationProtocolsCount() == 0).toList();
    return any.isEmpty() ? null : any.get(0);
  }

  private static <T> List<FilterChain> narrow(List<FilterChain> chains, Function<FilterChain, List<T>> field,
      T value) {
    List<FilterChain> exact = chains.stream().filter(fc -> field.apply(fc).contains(value)).toList();
    return exact.isEmpty() ? chains.stream().filter(fc -> field.apply(fc).isEmpty()).toList() : exact;
  }

  private static Listener virtualInbound(PushContext push, Proxy proxy) {
    return ListenerBuilder.build(push, proxy).stream().filter(l -> l.getName().equals("virtualInbound"))
        .findFirst().orElseThrow();
  }

  private static String outcome(Listener l, Connection c) {
    FilterChain fc = match(l, c);
    if (fc == null) {
      return "rejected";
    }
    return fc.getName() + (fc.hasTransportSocket() ? " mtls" : " plain");
  }

  @Test
  void workloadStrictWithPortLevelDisable() throws Exception {
    PushContext push = GoldenTest.load(GoldenTest.ROOT.resolve("mtls-peer-authentication")).push();
    Listener api = virtualInbound(push, TestMesh.sidecar("shop", "10.1.0.30", Map.of("app", "api")));
    assertThat(outcome(api, mtls(8080))).isEqualTo("inbound|8080|| mtls");
    assertThat(outcome(api, plaintext(8080))).isEqualTo("rejected");
    assertThat(outcome(api, plaintext(9090))).isEqualTo("inbound|9090|| plain");
    assertThat(outcome(api, mtls(9090))).isEqualTo("rejected");
    assertThat(outcome(api, plaintext(7070))).isEqualTo("virtualInbound-catchall-tcp plain");
    assertThat(outcome(api, mtls(12345))).isEqualTo("virtualInbound-catchall-tcp mtls");
    assertThat(outcome(api, plaintext(12345))).isEqualTo("rejected");
  }

  @Test
  void namespacePermissiveAcceptsBothAndPassesOneWayTlsThroughOnTcp() throws Exception {
    PushContext push = GoldenTest.load(GoldenTest.ROOT.resolve("mtls-peer-authentication")).push();
    Listener web = virtualInbound(push, TestMesh.sidecar("shop", "10.1.0.40", Map.of("app", "web")));
    assertThat(outcome(web, mtls(8080))).isEqualTo("inbound|8080|| mtls");
    assertThat(outcome(web, plaintext(8080))).isEqualTo("inbound|8080|| plain");
    assertThat(outcome(web, oneWayTls(8080))).as("HTTP ports take no one-way TLS").isEqualTo("rejected");
    assertThat(outcome(web, oneWayTls(6379))).isEqualTo("inbound|6379|| plain");
    assertThat(outcome(web, mtls(6379))).isEqualTo("inbound|6379|| mtls");
    assertThat(outcome(web, plaintext(12345))).isEqualTo("virtualInbound-catchall-tcp plain");
  }

  @Test
  void noPolicyMeansPermissiveAndMeshStrictRejectsPlaintext() throws Exception {
    PushContext permissive = GoldenTest.load(GoldenTest.ROOT.resolve("sidecar-listeners")).push();
    Listener l = virtualInbound(permissive, TestMesh.sidecar("shop", "10.1.0.10", Map.of("app", "productpage")));
    assertThat(outcome(l, plaintext(9080))).isEqualTo("inbound|9080|| plain");
    assertThat(outcome(l, mtls(9080))).isEqualTo("inbound|9080|| mtls");

    PushContext strict = GoldenTest.load(GoldenTest.ROOT.resolve("mtls-strict-mesh")).push();
    Listener s = virtualInbound(strict, TestMesh.sidecar("shop", "10.1.0.10", Map.of("app", "web")));
    assertThat(outcome(s, plaintext(8080))).isEqualTo("rejected");
    assertThat(outcome(s, plaintext(5000))).isEqualTo("rejected");
    assertThat(outcome(s, plaintext(12345))).isEqualTo("rejected");
    assertThat(outcome(s, mtls(5000))).isEqualTo("inbound|5000|| mtls");
  }
}

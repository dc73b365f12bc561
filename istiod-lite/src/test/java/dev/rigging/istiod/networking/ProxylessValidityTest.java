package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyType;
import dev.rigging.istiod.model.PushContext;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code ProxylessValidityTest} checks every golden configuration as a proxyless gRPC client would
 * receive it (each golden proxy's namespace, labels and address, as a proxyless client) against
 * what grpc-java's xDS client accepts.
 */
class ProxylessValidityTest {

  @TestFactory
  Stream<DynamicTest> everyGoldenCaseIsValidForProxylessClients() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (GoldenTest.Case c : GoldenTest.cases()) {
      c.proxies().forEach((name, p) -> {
        Proxy proxyless = new Proxy(p.id(), ProxyType.PROXYLESS, p.ips(), p.podName(), p.namespace(), p.dnsDomain(),
            p.labels(), Map.of("NAMESPACE", p.namespace(), "GENERATOR", "grpc"), p.locality(), p.clusterId());
        tests.add(DynamicTest.dynamicTest(c.name() + " " + name,
            () -> check(c.name() + "/" + name, c.push(), proxyless)));
      });
    }
    return tests.stream();
  }

  static void check(String what, PushContext push, Proxy proxy) {
    GrpcXdsConstraints.check(what, ListenerBuilder.build(push, proxy), RouteBuilder.build(push, proxy),
        ClusterBuilder.build(push, proxy), EndpointBuilder.build(push, proxy));
  }

  @Test
  void serverListenersCoverEveryWorkloadPortAtTheProxyAddress() throws Exception {
    PushContext push = GoldenTest.load(GoldenTest.ROOT.resolve("proxyless-client-server")).push();
    Proxy server = TestMesh.proxyless("grpc-demo", "10.2.0.5", Map.of("app", "greeter"));
    List<String> servers = ListenerBuilder.build(push, server).stream().map(Listener::getName)
        .filter(n -> n.startsWith(GrpcXdsConstraints.SERVER_PREFIX)).toList();
    assertThat(servers).containsExactly("xds.istio.io/grpc/lds/inbound/0.0.0.0:17070",
        "xds.istio.io/grpc/lds/inbound/0.0.0.0:50051");
    Proxy clientOnly = TestMesh.proxyless("grpc-demo", "10.2.0.99", Map.of());
    assertThat(ListenerBuilder.build(push, clientOnly)).noneMatch(l -> l.getName().startsWith("xds.istio.io"));
  }

  @Test
  void redirectsQueryMatchesAndCorsNeverReachProxylessClients() throws Exception {
    PushContext push = GoldenTest.load(GoldenTest.ROOT.resolve("rewrite-redirect-mirror-headers")).push();
    Proxy grpc = TestMesh.proxyless("shop", "10.1.0.10", Map.of());
    var routes = RouteBuilder.build(push, grpc).stream().flatMap(rc -> rc.getVirtualHostsList().stream())
        .flatMap(vh -> vh.getRoutesList().stream()).toList();
    assertThat(routes).extracting(r -> r.getName()).doesNotContain("redirect").contains("gone", "mirrored");
    var gone = routes.stream().filter(r -> r.getName().equals("gone")).findFirst().orElseThrow();
    var abort = gone.getTypedPerFilterConfigOrThrow(HttpRouteTranslator.FAULT_FILTER)
        .unpack(io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault.class).getAbort();
    assertThat(abort.getHttpStatus()).isEqualTo(503);
    assertThat(abort.getPercentage().getNumerator()).isEqualTo(100);
    check("rewrite-redirect-mirror-headers", push, grpc);
  }
}

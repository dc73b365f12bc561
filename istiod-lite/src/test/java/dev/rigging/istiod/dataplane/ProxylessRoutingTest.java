package dev.rigging.istiod.dataplane;

import static dev.rigging.istiod.dataplane.FileMeshResource.HOST;
import static dev.rigging.istiod.dataplane.FileMeshResource.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rigging.istiod.app.ControlPlane;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routing observed on real calls: a grpc-java xDS client (proxyless, as Istio's gRPC mode) is
 * configured by istiod-lite in file mode and calls real gRPC backends on loopback.
 */
@QuarkusTest
@QuarkusTestResource(value = FileMeshResource.class, restrictToAnnotatedClass = true)
class ProxylessRoutingTest {
  static XdsClient frontend;

  @Inject ControlPlane cp;

  @BeforeAll
  static void connect() {
    frontend = new XdsClient("127.0.0.1:25010", TARGET, "frontend-1", "shop", Map.of("app", "frontend"));
  }

  @AfterAll
  static void disconnect() {
    frontend.close();
  }

  /**
   * Writes the VirtualService, waits until istiod-lite serves it and the client has ACKed it, then
   * until a real call shows the client routing by it ({@code probe}): a new route may name clusters
   * the client still has to fetch, and grpc keeps the old routes until they arrive.
   */
  private void apply(String yaml, java.util.function.BooleanSupplier probe) {
    FileMeshResource.write("reviews-vs.yaml", yaml);
    Convergence.awaitApplied(cp, yaml);
    frontend.call();
    Convergence.awaitProxySynced(cp, frontend.nodeId());
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(probe::getAsBoolean);
  }

  private boolean answers(String expected, Map<String, String> headers) {
    try {
      return frontend.call("hello", headers, 5_000).equals(expected);
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  private boolean fails(Status.Code code, String request, Map<String, String> headers) {
    try {
      frontend.call(request, headers, 10_000);
      return false;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() == code;
    }
  }

  static String split(int v1, int v3) {
    return """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: [%s]
          http:
          - route:
            - destination: {host: %s, subset: v1}
              weight: %d
            - destination: {host: %s, subset: v3}
              weight: %d
        """.formatted(HOST, HOST, v1, HOST, v3);
  }

  private Map<String, Integer> calls(int n, Map<String, String> headers) {
    Map<String, Integer> served = new HashMap<>();
    for (int i = 0; i < n; i++) {
      served.merge(frontend.call("hello", headers, 5_000), 1, Integer::sum);
    }
    return served;
  }

  @Test
  void weightedSplitEightyTwentyOverThousandCalls() {
    apply(split(80, 20), () -> answers("v3", Map.of()));
    Map<String, Integer> served = calls(1200, Map.of());
    assertThat(served).containsOnlyKeys("v1", "v3");
    double v1 = served.get("v1") / 1200.0;
    assertThat(v1).as("share of v1 in %s", served).isBetween(0.75, 0.85);
  }

  @Test
  void headerMatchRoutesToItsSubset() {
    apply("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: [%s]
          http:
          - match: [{headers: {end-user: {exact: jason}}}]
            route: [{destination: {host: %s, subset: v2}}]
          - route: [{destination: {host: %s, subset: v1}}]
        """.formatted(HOST, HOST, HOST), () -> answers("v2", Map.of("end-user", "jason")));
    assertThat(calls(50, Map.of("end-user", "jason"))).containsOnly(Map.entry("v2", 50));
    assertThat(calls(50, Map.of("end-user", "ann"))).containsOnly(Map.entry("v1", 50));
    assertThat(calls(50, Map.of())).containsOnly(Map.entry("v1", 50));
  }

  @Test
  void faultAbortReturnsTheConfiguredStatus() {
    apply("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: [%s]
          http:
          - match: [{headers: {x-fault: {exact: "grpc"}}}]
            fault: {abort: {grpcStatus: RESOURCE_EXHAUSTED, percentage: {value: 100}}}
            route: [{destination: {host: %s, subset: v1}}]
          - match: [{headers: {x-fault: {exact: "http"}}}]
            fault: {abort: {httpStatus: 503, percentage: {value: 100}}}
            route: [{destination: {host: %s, subset: v1}}]
          - route: [{destination: {host: %s, subset: v1}}]
        """.formatted(HOST, HOST, HOST, HOST), () -> fails(Status.Code.RESOURCE_EXHAUSTED, "hello",
            Map.of("x-fault", "grpc")));
    long before = FileMeshResource.backend("v1").calls();
    assertThatThrownBy(() -> frontend.call("hello", Map.of("x-fault", "grpc"), 5_000))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    assertThatThrownBy(() -> frontend.call("hello", Map.of("x-fault", "http"), 5_000))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(FileMeshResource.backend("v1").calls()).as("aborted calls never reach the backend").isEqualTo(before);
    assertThat(frontend.call("hello", Map.of(), 5_000)).isEqualTo("v1");
  }

  @Test
  void routeTimeoutFires() {
    apply("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: [%s]
          http:
          - timeout: 300ms
            route: [{destination: {host: %s, subset: v1}}]
        """.formatted(HOST, HOST), () -> fails(Status.Code.DEADLINE_EXCEEDED, "sleep:1000", Map.of()));
    long start = System.nanoTime();
    assertThatThrownBy(() -> frontend.call("sleep:3000", Map.of(), 10_000))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(ms).as("fired by the route's 300ms, not the call's 10s deadline").isLessThan(2_500);
    assertThat(frontend.call("sleep:50", Map.of(), 10_000)).isEqualTo("v1");
  }

  @Test
  void liveEditReroutesWithoutReconnecting() {
    apply(split(100, 0), () -> calls(20, Map.of()).equals(Map.of("v1", 20)));
    assertThat(calls(30, Map.of())).containsOnly(Map.entry("v1", 30));
    long stream = Convergence.streamOf(cp, frontend.nodeId());
    apply(split(0, 100), () -> answers("v3", Map.of()));
    assertThat(calls(30, Map.of())).containsOnly(Map.entry("v3", 30));
    assertThat(Convergence.streamOf(cp, frontend.nodeId())).as("same ADS stream").isEqualTo(stream);
  }

  @Test
  void invalidEditIsRejectedAndRoutingStaysAsItWas() {
    apply(split(0, 100), () -> calls(20, Map.of()).equals(Map.of("v3", 20)));
    long pushes = cp.xds().pushes();
    // Valid YAML, invalid mesh: a negative weight and a misspelt field.
    FileMeshResource.write("reviews-vs.yaml", split(-10, 100).replace("      weight: 100", "      weigth: 100"));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> cp.source().rejected().containsKey("reviews-vs.yaml"));
    assertThat(cp.source().rejected().get("reviews-vs.yaml")).isNotEmpty()
        .allSatisfy(e -> assertThat(e).contains("reviews-vs.yaml").contains("VirtualService shop/reviews"));
    assertThat(calls(30, Map.of())).containsOnly(Map.entry("v3", 30));
    assertThat(cp.xds().pushes()).as("a rejected file triggers no config change").isEqualTo(pushes);
  }
}

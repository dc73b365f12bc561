package dev.rigging.istiod.dataplane;

import static dev.rigging.istiod.dataplane.FileMeshResource.HOST;
import static dev.rigging.istiod.dataplane.FileMeshResource.TARGET;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.rigging.istiod.app.ControlPlane;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees on the monitoring port while a real proxyless client is connected:
 * istiod's metric names, syncz, configz, config_dump, health, and one trace span per push.
 */
@QuarkusTest
@TestProfile(MonitoringTest.WithSpans.class)
@QuarkusTestResource(value = FileMeshResource.class, restrictToAnnotatedClass = true)
class MonitoringTest {
  static XdsClient client;

  @Inject ControlPlane cp;
  @Inject InMemorySpanExporter spans;

  /** Exports spans to the in-memory exporter. */
  public static class WithSpans implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.otel.traces.exporter", "cdi", "quarkus.otel.bsp.schedule.delay", "10ms");
    }
  }

  @BeforeAll
  static void connect() {
    client = new XdsClient("127.0.0.1:25010", TARGET, "probe-1", "shop", Map.of("app", "probe"));
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  private void connected() {
    assertThat(client.call()).isIn("v1", "v2", "v3");
    Convergence.awaitProxySynced(cp, client.nodeId());
  }

  @Test
  void metricsUseIstiodNames() {
    connected();
    String metrics = given().get("/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains("pilot_xds 1.0")
        .containsPattern("(?m)^rigging_fips_mode 0\\.0$")
        .contains("pilot_xds_pushes{type=\"lds\"}")
        .contains("pilot_xds_pushes{type=\"rds\"}")
        .contains("pilot_xds_pushes{type=\"cds\"}")
        .contains("pilot_xds_pushes{type=\"eds\"}")
        .contains("pilot_xds_push_time_bucket{type=\"lds\",le=\"0.01\"}")
        .contains("pilot_proxy_convergence_time_bucket{le=\"0.1\"}")
        .contains("pilot_services 1.0")
        .contains("pilot_virt_services")
        .contains("pilot_push_triggers{type=\"global\"}")
        .contains("rigging_config_invalid{source=\"file\"} 0.0")
        .doesNotContain("pilot_xds_pushes_total");
    assertThat(metrics).containsPattern("(?m)^pilot_proxy_convergence_time_count [1-9]");
  }

  @Test
  void synczShowsEveryTypeSyncedForTheConnectedProxy() {
    connected();
    given().get("/debug/syncz").then().statusCode(200)
        .body("find { it.proxy == 'probe-1.shop' }.proxy_type", equalTo("PROXYLESS"))
        .body("find { it.proxy == 'probe-1.shop' }.listener_state", equalTo("SYNCED"))
        .body("find { it.proxy == 'probe-1.shop' }.route_state", equalTo("SYNCED"))
        .body("find { it.proxy == 'probe-1.shop' }.cluster_state", equalTo("SYNCED"))
        .body("find { it.proxy == 'probe-1.shop' }.endpoint_state", equalTo("SYNCED"));
  }

  @Test
  void configzAndConfigDump() {
    connected();
    given().get("/debug/configz").then().statusCode(200)
        .body("find { it.kind == 'ServiceEntry' }.metadata.name", equalTo("reviews"))
        .body("find { it.kind == 'DestinationRule' }.spec.subsets.size()", equalTo(3));
    given().queryParam("proxyID", "probe-1.shop").get("/debug/config_dump").then().statusCode(200)
        .body(containsString("envoy.admin.v3.ListenersConfigDump"))
        .body(containsString("\"" + TARGET + "\""))
        .body(containsString("outbound|9080||" + HOST));
    given().queryParam("proxyID", "nobody.shop").get("/debug/config_dump").then().statusCode(404)
        .body("error", containsString("not connected"));
    given().get("/debug/config_dump").then().statusCode(400).body("error", containsString("proxyID"));
    given().get("/debug/config_errors").then().statusCode(200).body("source", containsString("file:"));
  }

  @Test
  void readinessAndLiveness() {
    given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'xds' }.status",
        equalTo("UP"));
    given().get("/q/health/live").then().statusCode(200);
    given().get("/ready").then().statusCode(200);
  }

  @Test
  void everyPushIsOneSpan() {
    connected();
    long pushes = cp.xds().pushes();
    await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("push")).count() >= pushes);
    List<io.opentelemetry.sdk.trace.data.SpanData> pushSpans = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("push")).toList();
    assertThat(pushSpans).hasSize((int) pushes);
    assertThat(pushSpans.get(0).getAttributes().asMap().keySet().stream().map(Object::toString))
        .contains("rigging.push.version", "rigging.push.full", "rigging.push.groups", "rigging.push.reasons");
  }
}

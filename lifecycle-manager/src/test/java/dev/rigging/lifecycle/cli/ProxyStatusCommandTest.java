package dev.rigging.lifecycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rigging.lifecycle.testing.RigTest;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** proxy-status reads istiod-lite's /debug/syncz (its real format) through the API server's pod proxy stand-in. */
@QuarkusMainTest
class ProxyStatusCommandTest extends RigTest {
  private static final String SYNCZ = """
      [ {
        "proxy" : "frontend-1.shop", "proxy_id" : "sidecar~10.0.0.7~frontend-1.shop~shop.svc.cluster.local",
        "proxy_type" : "SIDECAR", "stream" : 3, "delta" : false, "connected_at" : "2026-11-28T06:00:00Z",
        "cluster_sent" : "v7", "cluster_acked" : "v7", "cluster_state" : "SYNCED", "cluster_resources" : 4,
        "listener_sent" : "v7", "listener_acked" : "v7", "listener_state" : "SYNCED", "listener_resources" : 3,
        "route_sent" : "v8", "route_acked" : "v7", "route_state" : "STALE", "route_resources" : 2,
        "endpoint_sent" : "v7", "endpoint_acked" : "v6", "endpoint_state" : "NACKED", "endpoint_resources" : 4,
        "endpoint_nacked" : "v7", "endpoint_nack_detail" : "bad endpoint"
      }, {
        "proxy" : "reviews-grpc.shop", "proxy_id" : "sidecar~10.0.0.9~reviews-grpc.shop~shop.svc.cluster.local",
        "proxy_type" : "PROXYLESS_GRPC", "stream" : 4, "delta" : false, "connected_at" : "2026-11-28T06:00:01Z",
        "listener_sent" : "v7", "listener_acked" : "v7", "listener_state" : "SYNCED", "listener_resources" : 1
      } ]
      """;

  private void istiodPod(String name, String rev) {
    cluster.client().pods().inNamespace("istio-system").resource(new PodBuilder().withNewMetadata().withName(name)
        .withNamespace("istio-system").addToLabels("app", "istiod").addToLabels("istio.io/rev", rev).endMetadata()
        .withNewSpec().addNewContainer().withName("discovery").withImage("ghcr.io/rigging-mesh/istiod-lite:1.1.0")
        .endContainer().endSpec().build()).create();
  }

  @Test
  void showsEachProxysStatePerXdsType(QuarkusMainLauncher launcher) throws Exception {
    istiodPod("istiod-blue-7d9f", "blue");
    istiodPod("istiod-green-5c2a", "green");
    cluster.api().proxy("istio-system", "istiod-blue-7d9f", 15014, "/debug/syncz", SYNCZ);
    LaunchResult r = rig(launcher, "proxy-status");
    assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
    assertThat(r.getOutput().lines().toList()).containsExactly(
        "NAME                TYPE             CDS        LDS      EDS        RDS        ISTIOD             REVISION",
        "frontend-1.shop     SIDECAR          SYNCED     SYNCED   NACKED     STALE      istiod-blue-7d9f   blue",
        "reviews-grpc.shop   PROXYLESS_GRPC   NOT SENT   SYNCED   NOT SENT   NOT SENT   istiod-blue-7d9f   blue");
    assertThat(r.getErrorOutput()).contains("istiod pod istiod-green-5c2a: cannot read /debug/syncz");

    LaunchResult json = rig(launcher, "proxy-status", "frontend-1.shop", "-o", "json");
    JsonNode n = new ObjectMapper().readTree(json.getOutput()).get(0);
    assertThat(n.get("endpoint_nack_detail").asText()).isEqualTo("bad endpoint");
    assertThat(n.get("revision").asText()).isEqualTo("blue");

    LaunchResult green = rig(launcher, "proxy-status", "-r", "green");
    assertThat(green.getOutput().lines()).hasSize(1);
    assertThat(rig(launcher, "proxy-status", "ghost.shop").exitCode()).isEqualTo(1);
  }
}

package dev.rigging.istiod.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.networking.TestMesh;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code PeerAuthenticationResolutionTest} checks the mode a workload port gets from mesh-wide,
 * namespace-wide, workload-level and port-level PeerAuthentications, against Istio's precedence
 * and inheritance rules ({@code UNSET} inherits, port-level overrides, PERMISSIVE by default, the
 * oldest policy wins among equals).
 */
class PeerAuthenticationResolutionTest {
  private static final Map<String, String> WEB = Map.of("app", "web", "version", "v1");

  /**
   * One row of the precedence table: the modes of the mesh-wide, namespace-wide and workload-level
   * policies ({@code -} for no policy, {@code UNSET} for a policy without mode), the workload
   * policy's setting for port 8080, and the expected modes of ports 8080 and 9090 and of the
   * namespace-level hint.
   */
  private record Row(String mesh, String namespace, String workload, String port8080,
      MtlsMode expect8080, MtlsMode expect9090, MtlsMode expectNamespace) {}

  private static final List<Row> TABLE = List.of(
      new Row("-", "-", "-", "-", MtlsMode.PERMISSIVE, MtlsMode.PERMISSIVE, MtlsMode.UNKNOWN),
      new Row("STRICT", "-", "-", "-", MtlsMode.STRICT, MtlsMode.STRICT, MtlsMode.STRICT),
      new Row("UNSET", "-", "-", "-", MtlsMode.PERMISSIVE, MtlsMode.PERMISSIVE, MtlsMode.PERMISSIVE),
      new Row("DISABLE", "-", "-", "-", MtlsMode.DISABLE, MtlsMode.DISABLE, MtlsMode.DISABLE),
      new Row("STRICT", "UNSET", "-", "-", MtlsMode.STRICT, MtlsMode.STRICT, MtlsMode.STRICT),
      new Row("-", "UNSET", "-", "-", MtlsMode.PERMISSIVE, MtlsMode.PERMISSIVE, MtlsMode.PERMISSIVE),
      new Row("STRICT", "DISABLE", "-", "-", MtlsMode.DISABLE, MtlsMode.DISABLE, MtlsMode.DISABLE),
      new Row("DISABLE", "PERMISSIVE", "STRICT", "-", MtlsMode.STRICT, MtlsMode.STRICT, MtlsMode.PERMISSIVE),
      new Row("-", "PERMISSIVE", "STRICT", "DISABLE", MtlsMode.DISABLE, MtlsMode.STRICT, MtlsMode.PERMISSIVE),
      new Row("-", "STRICT", "UNSET", "UNSET", MtlsMode.STRICT, MtlsMode.STRICT, MtlsMode.STRICT),
      new Row("STRICT", "-", "DISABLE", "PERMISSIVE", MtlsMode.PERMISSIVE, MtlsMode.DISABLE, MtlsMode.STRICT),
      new Row("STRICT", "DISABLE", "UNSET", "STRICT", MtlsMode.STRICT, MtlsMode.DISABLE, MtlsMode.DISABLE),
      new Row("-", "-", "UNSET", "UNSET", MtlsMode.PERMISSIVE, MtlsMode.PERMISSIVE, MtlsMode.UNKNOWN),
      new Row("PERMISSIVE", "-", "-", "-", MtlsMode.PERMISSIVE, MtlsMode.PERMISSIVE, MtlsMode.PERMISSIVE));

  @TestFactory
  Stream<DynamicTest> precedenceTable() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Row r : TABLE) {
      String name = "mesh=" + r.mesh() + " namespace=" + r.namespace() + " workload=" + r.workload()
          + " port8080=" + r.port8080();
      tests.add(DynamicTest.dynamicTest(name, () -> {
        PushContext push = TestMesh.push(config(r));
        MergedPeerAuthentication policy = push.peerAuthentication("shop", WEB);
        assertThat(policy.modeFor(8080)).as("port 8080").isEqualTo(r.expect8080());
        assertThat(policy.modeFor(9090)).as("port 9090").isEqualTo(r.expect9090());
        assertThat(push.namespaceMtlsMode("shop")).as("namespace hint").isEqualTo(r.expectNamespace());
      }));
    }
    return tests.stream();
  }

  private static String config(Row r) {
    StringBuilder b = new StringBuilder();
    if (!r.mesh().equals("-")) {
      b.append(policy("mesh", "istio-system", null, r.mesh(), null));
    }
    if (!r.namespace().equals("-")) {
      b.append(policy("shop-wide", "shop", null, r.namespace(), null));
    }
    if (!r.workload().equals("-")) {
      b.append(policy("web", "shop", "{app: web}", r.workload(), r.port8080().equals("-") ? null : r.port8080()));
    }
    return b.toString();
  }

  private static String policy(String name, String namespace, String selector, String mode, String port8080) {
    StringBuilder b = new StringBuilder("---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\n")
        .append("metadata: {name: ").append(name).append(", namespace: ").append(namespace).append("}\nspec:\n");
    if (selector != null) {
      b.append("  selector: {matchLabels: ").append(selector).append("}\n");
    }
    b.append(mode.equals("UNSET") ? "  mtls: {}\n" : "  mtls: {mode: " + mode + "}\n");
    if (port8080 != null) {
      b.append(port8080.equals("UNSET") ? "  portLevelMtls: {8080: {}}\n"
          : "  portLevelMtls: {8080: {mode: " + port8080 + "}}\n");
    }
    return b.toString();
  }

  @Test
  void theOldestPolicyWinsAmongPoliciesOfOneLevel() {
    PushContext push = TestMesh.push("""
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: newer-mesh, namespace: istio-system, creationTimestamp: "2024-02-01T00:00:00Z"}
        spec: {mtls: {mode: DISABLE}}
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: older-mesh, namespace: istio-system, creationTimestamp: "2024-01-01T00:00:00Z"}
        spec: {mtls: {mode: STRICT}}
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: b-web, namespace: shop, creationTimestamp: "2024-03-01T00:00:00Z"}
        spec: {selector: {matchLabels: {app: web}}, mtls: {mode: DISABLE}}
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: a-web, namespace: shop, creationTimestamp: "2024-03-01T00:00:00Z"}
        spec: {selector: {matchLabels: {version: v1}}, mtls: {mode: PERMISSIVE}}
        """);
    // Equal timestamps: Istio orders by name, so a-web wins over b-web.
    assertThat(push.peerAuthentication("shop", WEB).mode()).isEqualTo(MtlsMode.PERMISSIVE);
    assertThat(push.peerAuthentication("shop", Map.of("app", "other")).mode()).isEqualTo(MtlsMode.STRICT);
    assertThat(push.namespaceMtlsMode("shop")).isEqualTo(MtlsMode.STRICT);
  }

  @Test
  void selectingPoliciesInTheRootNamespaceAreIgnored() {
    PushContext push = TestMesh.push("""
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: everyone-web, namespace: istio-system}
        spec: {selector: {matchLabels: {app: web}}, mtls: {mode: STRICT}}
        """);
    assertThat(push.peerAuthentication("shop", WEB)).isEqualTo(MergedPeerAuthentication.DEFAULT);
    assertThat(push.peerAuthentication("istio-system", WEB)).isEqualTo(MergedPeerAuthentication.DEFAULT);
    assertThat(push.namespaceMtlsMode("shop")).isEqualTo(MtlsMode.UNKNOWN);
  }

  @Test
  void workloadsInTheRootNamespaceGetTheMeshWidePolicy() {
    PushContext push = TestMesh.push("""
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: mesh, namespace: istio-system}
        spec: {mtls: {mode: STRICT}}
        """);
    assertThat(push.peerAuthentication("istio-system", Map.of()).mode()).isEqualTo(MtlsMode.STRICT);
    assertThat(push.namespaceMtlsMode("istio-system")).isEqualTo(MtlsMode.STRICT);
  }

  @Test
  void workloadsSelectedByTheSamePoliciesShareOneInstance() {
    PushContext push = TestMesh.push("""
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          mtls: {mode: STRICT}
          portLevelMtls: {8080: {mode: DISABLE}}
        """);
    MergedPeerAuthentication a = push.peerAuthentication("shop", Map.of("app", "web", "pod", "a"));
    MergedPeerAuthentication b = push.peerAuthentication("shop", Map.of("app", "web", "pod", "b"));
    assertThat(b).isSameAs(a);
    assertThat(a.portLevel()).containsExactly(Map.entry(8080, MtlsMode.DISABLE));
    assertThat(push.peerAuthentication("other", Map.of("app", "web"))).isEqualTo(MergedPeerAuthentication.DEFAULT);
  }
}

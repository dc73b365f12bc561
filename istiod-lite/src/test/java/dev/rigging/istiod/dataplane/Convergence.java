package dev.rigging.istiod.dataplane;

import static org.awaitility.Awaitility.await;

import dev.rigging.istiod.app.ControlPlane;
import dev.rigging.istiod.xds.MeshSnapshot;
import dev.rigging.istiod.xds.XdsConnections;
import dev.rigging.mesh.config.ConfigLoader;
import dev.rigging.mesh.config.ConfigObject;
import io.envoyproxy.controlplane.cache.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code Convergence} waits, without sleeping blindly, until istiod-lite has taken a config change
 * and a given proxy has acknowledged the resulting config.
 */
public final class Convergence {
  private Convergence() {}

  /** Waits until every object of {@code yaml} is in force in the store (same spec). */
  public static void awaitApplied(ControlPlane cp, String yaml) {
    List<ConfigObject<?>> expected = new ConfigLoader("default").load("expected", yaml).objects();
    if (expected.isEmpty()) {
      throw new IllegalArgumentException("expected YAML holds no valid object");
    }
    await().atMost(Duration.ofSeconds(15)).until(() -> expected.stream().allMatch(e -> {
      ConfigObject<?> actual = cp.store().snapshot().configs().get(e.key());
      return actual != null && actual.spec().equals(e.spec());
    }));
  }

  /** Waits until the proxy {@code nodeId} has ACKed, for every type it uses, its group's current snapshot. */
  public static void awaitProxySynced(ControlPlane cp, String nodeId) {
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      long revision = cp.store().snapshot().revision();
      var ctx = cp.xds().current();
      if (ctx == null || ctx.version() < revision) {
        return false;
      }
      Optional<XdsConnections.Connection> conn = cp.xds().connections().connections().stream()
          .filter(c -> c.proxy().id().equals(nodeId)).findFirst();
      if (conn.isEmpty()) {
        return false;
      }
      MeshSnapshot snap = cp.xds().pusher().snapshot(conn.get().proxy().groupKey());
      if (snap == null || snap.pushVersion() < revision || conn.get().types().isEmpty()) {
        return false;
      }
      return conn.get().types().entrySet().stream().allMatch(e -> e.getValue().ackedVersion()
          .equals(snap.version(Resources.TYPE_URLS_TO_RESOURCE_TYPE.get(e.getKey()), List.of())));
    });
  }

  /** The stream id of the proxy's connection. */
  public static long streamOf(ControlPlane cp, String nodeId) {
    return cp.xds().connections().connections().stream().filter(c -> c.proxy().id().equals(nodeId)).findFirst()
        .orElseThrow(() -> new AssertionError(nodeId + " is not connected")).streamId();
  }
}

package dev.rigging.istiod.config.kube;

import static dev.rigging.istiod.config.kube.IstioObjects.serviceEntry;
import static dev.rigging.istiod.config.kube.IstioObjects.virtualService;
import static dev.rigging.istiod.config.kube.IstioObjects.virtualServiceWithUnknownField;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.config.ConfigChange;
import dev.rigging.mesh.api.networking.ServiceEntry;
import dev.rigging.mesh.api.networking.VirtualService;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigObject;
import dev.rigging.mesh.config.Kind;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesConfigSourceIstioTest {
  private static final ConfigKey REVIEWS = new ConfigKey(Kind.VIRTUAL_SERVICE, "shop", "reviews");
  private static final ConfigKey PAYMENTS = new ConfigKey(Kind.SERVICE_ENTRY, "shop", "payments");

  KubernetesMockServer server;
  KubernetesClient client;
  MockMesh mesh;
  LogCapture log;

  @BeforeEach
  void setUp() {
    log = LogCapture.of(IstioConfigTracker.class);
    mesh = new MockMesh(client).withIstioCrds().startAndSync();
  }

  @AfterEach
  void tearDown() {
    mesh.close();
    log.close();
  }

  private static String destination(ConfigObject<?> vs) {
    return vs.as(VirtualService.class).spec().http().get(0).route().get(0).destination().host();
  }

  private double rejections() {
    return mesh.meters.counter("rigging_config_rejections", "source", "kubernetes").count();
  }

  private double invalidNow() {
    return mesh.meters.get("rigging_config_invalid").tag("source", "kubernetes").gauge().value();
  }

  @Test
  void virtualServiceCreateUpdateDeleteReachTheSnapshotAsConfigChanges() {
    mesh.applyIstio(Kind.VIRTUAL_SERVICE, virtualService("shop", "reviews", "reviews", "reviews-v1", 100));

    MockMesh.Update created = mesh.awaitUpdate(u -> u.snapshot().configs().containsKey(REVIEWS));
    assertThat(created.change()).isEqualTo(ConfigChange.config(Set.of(Kind.VIRTUAL_SERVICE), "VirtualService shop/reviews"));
    assertThat(destination(created.snapshot().configs().get(REVIEWS))).isEqualTo("reviews-v1");

    int beforeUpdate = mesh.mark();
    mesh.applyIstio(Kind.VIRTUAL_SERVICE, virtualService("shop", "reviews", "reviews", "reviews-v2", 100));

    MockMesh.Update updated = mesh.awaitUpdate(beforeUpdate, u -> u.snapshot().configs().containsKey(REVIEWS));
    assertThat(destination(updated.snapshot().configs().get(REVIEWS))).isEqualTo("reviews-v2");
    assertThat(updated.change()).isEqualTo(ConfigChange.config(Set.of(Kind.VIRTUAL_SERVICE), "VirtualService shop/reviews"));

    int beforeDelete = mesh.mark();
    mesh.deleteIstio(Kind.VIRTUAL_SERVICE, "shop", "reviews");

    MockMesh.Update deleted = mesh.awaitUpdate(beforeDelete, u -> true);
    assertThat(deleted.snapshot().configs()).isEmpty();
    assertThat(deleted.change()).isEqualTo(ConfigChange.config(Set.of(Kind.VIRTUAL_SERVICE), "VirtualService shop/reviews"));
  }

  @Test
  void serviceEntryCreateUpdateDeleteReachTheSnapshotAsConfigChanges() {
    mesh.applyIstio(Kind.SERVICE_ENTRY, serviceEntry("shop", "payments", "api.payments.example.com", 443));

    MockMesh.Update created = mesh.awaitUpdate(u -> u.snapshot().configs().containsKey(PAYMENTS));
    assertThat(created.change()).isEqualTo(ConfigChange.config(Set.of(Kind.SERVICE_ENTRY), "ServiceEntry shop/payments"));

    int beforeUpdate = mesh.mark();
    mesh.applyIstio(Kind.SERVICE_ENTRY, serviceEntry("shop", "payments", "api.payments.example.com", 8443));

    MockMesh.Update updated = mesh.awaitUpdate(beforeUpdate, u -> true);
    assertThat(updated.snapshot().configs().get(PAYMENTS).as(ServiceEntry.class).spec().ports().get(0).number())
        .isEqualTo(8443);
    assertThat(updated.change()).isEqualTo(ConfigChange.config(Set.of(Kind.SERVICE_ENTRY), "ServiceEntry shop/payments"));

    int beforeDelete = mesh.mark();
    mesh.deleteIstio(Kind.SERVICE_ENTRY, "shop", "payments");

    MockMesh.Update deleted = mesh.awaitUpdate(beforeDelete, u -> true);
    assertThat(deleted.snapshot().configs()).doesNotContainKey(PAYMENTS);
    assertThat(deleted.change()).isEqualTo(ConfigChange.config(Set.of(Kind.SERVICE_ENTRY), "ServiceEntry shop/payments"));
  }

  @Test
  void invalidUpdateIsRejectedLoggedAndCountedWhileTheLastValidVersionStays() {
    mesh.applyIstio(Kind.VIRTUAL_SERVICE, virtualService("shop", "reviews", "reviews", "reviews-v1", 100));
    mesh.awaitUpdate(u -> u.snapshot().configs().containsKey(REVIEWS));
    int updatesBefore = mesh.mark();

    mesh.applyIstio(Kind.VIRTUAL_SERVICE, virtualService("shop", "reviews", "reviews", "reviews-v2", -5));

    MockMesh.waiting().until(() -> rejections() == 1);
    assertThat(invalidNow()).isEqualTo(1);
    assertThat(log.messages(Level.WARNING)).singleElement().asString()
        .contains("VirtualService shop/reviews", "spec.http[0].route[0].weight", "keeps its last valid version");
    assertThat(mesh.updates).hasSize(updatesBefore);
    assertThat(destination(mesh.snapshot().configs().get(REVIEWS))).isEqualTo("reviews-v1");

    mesh.applyIstio(Kind.VIRTUAL_SERVICE, virtualServiceWithUnknownField("shop", "reviews"));

    MockMesh.waiting().until(() -> rejections() == 2);
    assertThat(log.messages(Level.WARNING)).last().asString().contains("unknown field \"wieght\"");
    assertThat(destination(mesh.snapshot().configs().get(REVIEWS))).isEqualTo("reviews-v1");

    mesh.applyIstio(Kind.VIRTUAL_SERVICE, virtualService("shop", "reviews", "reviews", "reviews-v3", 100));

    MockMesh.Update fixed = mesh.awaitUpdate(updatesBefore, u -> true);
    assertThat(destination(fixed.snapshot().configs().get(REVIEWS))).isEqualTo("reviews-v3");
    assertThat(invalidNow()).isZero();
    assertThat(rejections()).isEqualTo(2);
  }

  @Test
  void objectThatWasNeverValidStaysOutOfTheMeshUntilDeleted() {
    ConfigKey broken = new ConfigKey(Kind.VIRTUAL_SERVICE, "shop", "broken");
    mesh.applyIstio(Kind.VIRTUAL_SERVICE, virtualServiceWithUnknownField("shop", "broken"));

    MockMesh.waiting().until(() -> invalidNow() == 1);
    assertThat(mesh.snapshot().configs()).doesNotContainKey(broken);
    assertThat(log.messages(Level.WARNING)).singleElement().asString().contains("never valid");

    mesh.deleteIstio(Kind.VIRTUAL_SERVICE, "shop", "broken");

    MockMesh.waiting().until(() -> invalidNow() == 0);
    // The empty initial sync changed nothing, and neither did an object that was never valid.
    assertThat(mesh.updates).isEmpty();
  }
}

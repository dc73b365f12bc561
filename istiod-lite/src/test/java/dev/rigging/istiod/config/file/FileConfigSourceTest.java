package dev.rigging.istiod.config.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rigging.istiod.config.ConfigChange;
import dev.rigging.istiod.config.ConfigMetrics;
import dev.rigging.istiod.config.ConfigStore;
import dev.rigging.mesh.api.networking.VirtualService;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.Kind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileConfigSourceTest {
  @TempDir Path dir;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ConfigStore store = new ConfigStore();
  private final List<ConfigChange> changes = new CopyOnWriteArrayList<>();
  private FileConfigSource source;

  private static final ConfigKey REVIEWS = new ConfigKey(Kind.VIRTUAL_SERVICE, "shop", "reviews");

  static String vs(int v1, int v3) {
    return """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: [reviews.shop.svc.cluster.local]
          http:
          - route:
            - destination: {host: reviews.shop.svc.cluster.local, subset: v1}
              weight: %d
            - destination: {host: reviews.shop.svc.cluster.local, subset: v3}
              weight: %d
        """.formatted(v1, v3);
  }

  static final String DR = """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews, namespace: shop}
      spec:
        host: reviews.shop.svc.cluster.local
        subsets: [{name: v1, labels: {version: v1}}, {name: v3, labels: {version: v3}}]
      """;

  private void start() {
    store.addListener(changes::add);
    source = new FileConfigSource(dir, "default", new ConfigMetrics(meters), Duration.ofSeconds(30));
    source.start(store);
  }

  @AfterEach
  void stop() {
    if (source != null) {
      source.close();
    }
  }

  private int weightOfV1() {
    var o = store.snapshot().configs().get(REVIEWS);
    return ((VirtualService) o.spec()).http().get(0).route().get(0).weight();
  }

  private double rejections() {
    var c = meters.find("rigging_config_rejections").counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void initialLoadIsOneAtomicUpdateAndMarksSynced() throws Exception {
    Files.writeString(dir.resolve("vs.yaml"), vs(80, 20));
    Files.writeString(dir.resolve("dr.yaml"), DR);
    Files.writeString(dir.resolve("notes.txt"), "not config");
    start();
    assertThat(source.synced()).isTrue();
    assertThat(store.snapshot().configs()).containsKeys(REVIEWS,
        new ConfigKey(Kind.DESTINATION_RULE, "shop", "reviews"));
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).kinds()).containsExactlyInAnyOrder(Kind.VIRTUAL_SERVICE, Kind.DESTINATION_RULE);
  }

  @Test
  void missingDirectoryFailsLoudly() {
    source = new FileConfigSource(dir.resolve("nope"), "default", new ConfigMetrics(meters), Duration.ofSeconds(30));
    assertThatThrownBy(() -> source.start(store)).hasMessageContaining("nope").hasMessageContaining("RIGGING_CONFIG_DIR");
  }

  @Test
  void editsApplyWithoutRestartIncludingRenameReplace() throws Exception {
    Files.writeString(dir.resolve("vs.yaml"), vs(80, 20));
    start();
    Files.writeString(dir.resolve("vs.yaml"), vs(50, 50));
    await().atMost(Duration.ofSeconds(10)).until(() -> weightOfV1() == 50);
    // Editors and kubectl cp write a temporary file and rename it over the original.
    Path tmp = dir.resolve(".vs.yaml.swp");
    Files.writeString(tmp, vs(10, 90));
    Files.move(tmp, dir.resolve("vs.yaml"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    await().atMost(Duration.ofSeconds(10)).until(() -> weightOfV1() == 10);
  }

  @Test
  void configMapStyleSymlinkSwapIsSeen() throws Exception {
    Path v1 = Files.createDirectory(dir.resolve("..2024_01"));
    Files.writeString(v1.resolve("vs.yaml"), vs(80, 20));
    Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
    Files.createSymbolicLink(dir.resolve("vs.yaml"), Path.of("..data", "vs.yaml"));
    start();
    assertThat(weightOfV1()).isEqualTo(80);
    Path v2 = Files.createDirectory(dir.resolve("..2024_02"));
    Files.writeString(v2.resolve("vs.yaml"), vs(30, 70));
    Path tmpLink = dir.resolve("..data_tmp");
    Files.createSymbolicLink(tmpLink, v2.getFileName());
    Files.move(tmpLink, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    await().atMost(Duration.ofSeconds(10)).until(() -> weightOfV1() == 30);
  }

  @Test
  void badEditIsRejectedWholeAndLastGoodKeepsBeingServed() throws Exception {
    Files.writeString(dir.resolve("vs.yaml"), vs(80, 20));
    Files.writeString(dir.resolve("dr.yaml"), DR);
    start();
    long revision = store.snapshot().revision();
    // Second document is fine, first has a negative weight: nothing of the file may apply.
    Files.writeString(dir.resolve("vs.yaml"), vs(-5, 20) + "---\n" + """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: ratings, namespace: shop}
        spec:
          hosts: [ratings.shop.svc.cluster.local]
          http: [{route: [{destination: {host: ratings.shop.svc.cluster.local}}]}]
        """);
    source.rescan("test");
    assertThat(weightOfV1()).isEqualTo(80);
    assertThat(store.snapshot().configs()).doesNotContainKey(new ConfigKey(Kind.VIRTUAL_SERVICE, "shop", "ratings"));
    assertThat(rejections()).isEqualTo(1);
    assertThat(meters.find("rigging_config_invalid").gauge().value()).isEqualTo(1);
    assertThat(source.rejected()).containsOnlyKeys("vs.yaml");
    assertThat(source.rejected().get("vs.yaml")).anySatisfy(e -> assertThat(e)
        .contains("vs.yaml (document 1)").contains("VirtualService shop/reviews").contains("weight"));
    assertThat(store.snapshot().revision()).isGreaterThanOrEqualTo(revision);

    // Unknown field: also rejected, still the last good version.
    Files.writeString(dir.resolve("vs.yaml"), vs(70, 30).replace("hosts:", "hostz:"));
    source.rescan("test");
    assertThat(weightOfV1()).isEqualTo(80);
    assertThat(rejections()).isEqualTo(2);

    // Fixed: applied, and the gauge returns to zero.
    Files.writeString(dir.resolve("vs.yaml"), vs(60, 40));
    source.rescan("test");
    assertThat(weightOfV1()).isEqualTo(60);
    assertThat(source.rejected()).isEmpty();
    assertThat(meters.find("rigging_config_invalid").gauge().value()).isZero();
  }

  @Test
  void brokenYamlNeverServedIfNeverValid() throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "apiVersion: [unclosed\n");
    start();
    assertThat(store.snapshot().configs()).isEmpty();
    assertThat(source.rejected().get("bad.yaml")).singleElement().satisfies(e -> assertThat(e).contains("line"));
  }

  @Test
  void sameObjectInTwoFilesRejectsTheNewcomer() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), vs(80, 20));
    start();
    Files.writeString(dir.resolve("b.yaml"), vs(10, 90));
    source.rescan("test");
    assertThat(weightOfV1()).isEqualTo(80);
    assertThat(source.rejected().get("b.yaml")).singleElement()
        .satisfies(e -> assertThat(e).contains("already defined in a.yaml"));
  }

  @Test
  void deletingAFileRemovesItsObjects() throws Exception {
    Files.writeString(dir.resolve("vs.yaml"), vs(80, 20));
    Files.writeString(dir.resolve("dr.yaml"), DR);
    start();
    Files.delete(dir.resolve("vs.yaml"));
    await().atMost(Duration.ofSeconds(10)).until(() -> !store.snapshot().configs().containsKey(REVIEWS));
    assertThat(changes.get(changes.size() - 1).kinds()).contains(Kind.VIRTUAL_SERVICE);
    assertThat(store.snapshot().configs()).hasSize(1);
  }
}

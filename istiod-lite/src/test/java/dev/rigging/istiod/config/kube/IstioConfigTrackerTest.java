package dev.rigging.istiod.config.kube;

import static dev.rigging.istiod.config.kube.IstioObjects.virtualService;
import static dev.rigging.istiod.config.kube.IstioObjects.virtualServiceWithUnknownField;
import static dev.rigging.istiod.config.kube.IstioObjects.withVersion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.config.ConfigMetrics;
import dev.rigging.mesh.api.networking.VirtualService;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigObject;
import dev.rigging.mesh.config.Kind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IstioConfigTrackerTest {
  private static final ConfigKey KEY = new ConfigKey(Kind.VIRTUAL_SERVICE, "shop", "reviews");

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final IstioConfigTracker tracker = new IstioConfigTracker(IstioObjects.SERIALIZATION, new ConfigMetrics(meters));
  private final LogCapture log = LogCapture.of(IstioConfigTracker.class);

  @AfterEach
  void stopCapture() {
    log.close();
  }

  private double rejections() {
    return meters.counter("rigging_config_rejections", "source", "kubernetes").count();
  }

  private double invalidNow() {
    return meters.get("rigging_config_invalid").tag("source", "kubernetes").gauge().value();
  }

  private static int weight(ConfigObject<?> o) {
    return o.as(VirtualService.class).spec().http().get(0).route().get(0).weight();
  }

  @Test
  void validObjectIsTakenOnceAndTheSameVersionAgainChangesNothing() {
    ConfigObject<?> taken = tracker.apply(Kind.VIRTUAL_SERVICE, withVersion(virtualService("shop", "reviews", "reviews", "reviews", 100), "1"));

    assertThat(taken.key()).isEqualTo(KEY);
    assertThat(tracker.valid()).containsOnlyKeys(KEY);
    assertThat(tracker.apply(Kind.VIRTUAL_SERVICE, withVersion(virtualService("shop", "reviews", "reviews", "reviews", 100), "1")))
        .isNull();
    assertThat(invalidNow()).isZero();
  }

  @Test
  void invalidVersionKeepsTheLastValidOneAndIsLoggedAndCountedOncePerResourceVersion() {
    tracker.apply(Kind.VIRTUAL_SERVICE, withVersion(virtualService("shop", "reviews", "reviews", "reviews", 100), "1"));

    assertThat(tracker.apply(Kind.VIRTUAL_SERVICE, withVersion(virtualService("shop", "reviews", "reviews", "reviews", -5), "2")))
        .isNull();
    assertThat(tracker.apply(Kind.VIRTUAL_SERVICE, withVersion(virtualService("shop", "reviews", "reviews", "reviews", -5), "2")))
        .isNull();

    assertThat(weight(tracker.valid().get(KEY))).isEqualTo(100);
    assertThat(rejections()).isEqualTo(1);
    assertThat(invalidNow()).isEqualTo(1);
    assertThat(log.messages(Level.WARNING)).singleElement().asString()
        .contains("VirtualService shop/reviews", "resourceVersion=2", "last valid version (resourceVersion=1)",
            "spec.http[0].route[0].weight", "negative");

    tracker.apply(Kind.VIRTUAL_SERVICE, withVersion(virtualServiceWithUnknownField("shop", "reviews"), "3"));

    assertThat(rejections()).isEqualTo(2);
    assertThat(invalidNow()).isEqualTo(1);
    assertThat(log.messages(Level.WARNING)).hasSize(2).last().asString().contains("resourceVersion=3", "wieght");
    assertThat(weight(tracker.valid().get(KEY))).isEqualTo(100);
  }

  @Test
  void fixingARejectedObjectReplacesTheOldVersionAndClearsTheGauge() {
    tracker.apply(Kind.VIRTUAL_SERVICE, withVersion(virtualService("shop", "reviews", "reviews", "reviews", 100), "1"));
    tracker.apply(Kind.VIRTUAL_SERVICE, withVersion(virtualServiceWithUnknownField("shop", "reviews"), "2"));

    ConfigObject<?> fixed = tracker.apply(Kind.VIRTUAL_SERVICE,
        withVersion(virtualService("shop", "reviews", "reviews", "reviews", 70), "3"));

    assertThat(weight(fixed)).isEqualTo(70);
    assertThat(weight(tracker.valid().get(KEY))).isEqualTo(70);
    assertThat(invalidNow()).isZero();
    assertThat(tracker.rejectedCount()).isZero();
  }

  @Test
  void objectThatWasNeverValidStaysAbsent() {
    tracker.apply(Kind.VIRTUAL_SERVICE, withVersion(virtualServiceWithUnknownField("shop", "reviews"), "1"));

    assertThat(tracker.valid()).isEmpty();
    assertThat(log.messages(Level.WARNING)).singleElement().asString().contains("never valid");
    assertThat(invalidNow()).isEqualTo(1);
  }

  @Test
  void removingForgetsBothTheValidVersionAndTheRejection() {
    tracker.apply(Kind.VIRTUAL_SERVICE, withVersion(virtualService("shop", "reviews", "reviews", "reviews", 100), "1"));
    tracker.apply(Kind.VIRTUAL_SERVICE, withVersion(virtualServiceWithUnknownField("shop", "reviews"), "2"));

    assertThat(tracker.remove(KEY)).isTrue();
    assertThat(tracker.valid()).isEmpty();
    assertThat(invalidNow()).isZero();
    assertThat(tracker.remove(KEY)).isFalse();
  }

  @Test
  void retainOnlyDropsObjectsNoLongerPresent() {
    ConfigKey other = new ConfigKey(Kind.VIRTUAL_SERVICE, "shop", "ratings");
    tracker.apply(Kind.VIRTUAL_SERVICE, withVersion(virtualService("shop", "reviews", "reviews", "reviews", 100), "1"));
    tracker.apply(Kind.VIRTUAL_SERVICE, withVersion(virtualService("shop", "ratings", "ratings", "ratings", 100), "2"));
    tracker.apply(Kind.VIRTUAL_SERVICE, withVersion(virtualServiceWithUnknownField("shop", "broken"), "3"));

    assertThat(tracker.retainOnly(Set.of(KEY))).containsExactly(other);
    assertThat(tracker.valid()).containsOnlyKeys(KEY);
    assertThat(invalidNow()).isZero();
  }
}

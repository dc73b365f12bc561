package dev.rigging.istiod.registry.kube;

import static dev.rigging.istiod.registry.kube.KubeFixtures.node;
import static dev.rigging.istiod.registry.kube.KubeFixtures.runningPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.registry.Locality;
import dev.rigging.istiod.registry.WorkloadInstance;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodConverterTest {

  @Test
  void runningPodWithIpBecomesAWorkload() {
    Pod pod = runningPod("shop", "reviews-v1", "10.1.0.1", Map.of("app", "reviews")).build();

    WorkloadInstance w = PodConverter.convert(pod, Optional.of(node("node-a", Map.of(
        "topology.kubernetes.io/region", "eu-west1", "topology.kubernetes.io/zone", "eu-west1-b")))).orElseThrow();

    assertThat(w.name()).isEqualTo("reviews-v1");
    assertThat(w.namespace()).isEqualTo("shop");
    assertThat(w.address()).isEqualTo("10.1.0.1");
    assertThat(w.labels()).containsExactlyEntriesOf(Map.of("app", "reviews"));
    assertThat(w.serviceAccount()).isEqualTo("sa-reviews-v1");
    assertThat(w.namedPorts()).containsExactlyEntriesOf(Map.of("http-api", 8080));
    assertThat(w.locality()).isEqualTo(new Locality("eu-west1", "eu-west1-b", ""));
    assertThat(w.weight()).isEqualTo(1);
    assertThat(w.healthy()).isTrue();
  }

  @Test
  void podsThatCannotTakeTrafficAreNotWorkloads() {
    Pod pending = runningPod("shop", "p", "10.1.0.2", Map.of()).editStatus().withPhase("Pending").endStatus().build();
    Pod noIp = runningPod("shop", "q", null, Map.of()).build();
    Pod done = runningPod("shop", "r", "10.1.0.3", Map.of()).editStatus().withPhase("Succeeded").endStatus().build();

    assertThat(PodConverter.convert(pending, Optional.empty())).isEmpty();
    assertThat(PodConverter.convert(noIp, Optional.empty())).isEmpty();
    assertThat(PodConverter.convert(done, Optional.empty())).isEmpty();
  }

  @Test
  void notReadyOrTerminatingPodsAreUnhealthy() {
    Pod notReady = runningPod("shop", "a", "10.1.0.4", Map.of()).editStatus().editFirstCondition().withStatus("False")
        .endCondition().endStatus().build();
    Pod terminating = runningPod("shop", "b", "10.1.0.5", Map.of()).editMetadata()
        .withDeletionTimestamp("2024-03-01T10:00:00Z").endMetadata().build();

    assertThat(PodConverter.convert(notReady, Optional.empty())).map(WorkloadInstance::healthy).contains(false);
    assertThat(PodConverter.convert(terminating, Optional.empty())).map(WorkloadInstance::healthy).contains(false);
  }

  @Test
  void firstContainerNamingAPortWinsAndDeprecatedServiceAccountFieldIsRead() {
    Pod pod = runningPod("shop", "c", "10.1.0.6", Map.of()).editSpec()
        .withServiceAccountName(null).withServiceAccount("legacy")
        .addNewContainer().withName("sidecar").addNewPort().withName("http-api").withContainerPort(15000).endPort()
        .addNewPort().withName("admin").withContainerPort(15001).endPort().endContainer()
        .endSpec().build();

    WorkloadInstance w = PodConverter.convert(pod, Optional.empty()).orElseThrow();

    assertThat(w.namedPorts()).containsExactlyInAnyOrderEntriesOf(Map.of("http-api", 8080, "admin", 15001));
    assertThat(w.serviceAccount()).isEqualTo("legacy");
    assertThat(w.locality()).isEqualTo(Locality.UNKNOWN);
  }

  @Test
  void podLabelsGiveRegionAndSubzoneWhenTheNodeIsUnknown() {
    Pod pod = runningPod("shop", "d", "10.1.0.7", Map.of(
        "topology.kubernetes.io/region", "ap-south1", "topology.istio.io/subzone", "rack2")).build();

    assertThat(PodConverter.convert(pod, Optional.empty()).orElseThrow().locality())
        .isEqualTo(new Locality("ap-south1", "", "rack2"));
  }

  @Test
  void legacyNodeLabelsAreRead() {
    Pod pod = runningPod("shop", "e", "10.1.0.8", Map.of()).build();

    WorkloadInstance w = PodConverter.convert(pod, Optional.of(node("node-a", Map.of(
        "failure-domain.beta.kubernetes.io/region", "old-region", "failure-domain.beta.kubernetes.io/zone", "old-zone"))))
        .orElseThrow();

    assertThat(w.locality()).isEqualTo(new Locality("old-region", "old-zone", ""));
  }

  @Test
  void nodeLocalityChangeIgnoresUnrelatedLabels() {
    var before = node("n", Map.of("topology.kubernetes.io/zone", "z1", "kubernetes.io/hostname", "n"));
    var relabelled = node("n", Map.of("topology.kubernetes.io/zone", "z1", "kubernetes.io/hostname", "n", "team", "x"));
    var moved = node("n", Map.of("topology.kubernetes.io/zone", "z2", "kubernetes.io/hostname", "n"));

    assertThat(PodLocality.changed(before, relabelled)).isFalse();
    assertThat(PodLocality.changed(before, moved)).isTrue();
  }
}

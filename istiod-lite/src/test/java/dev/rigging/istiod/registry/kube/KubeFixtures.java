package dev.rigging.istiod.registry.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.Map;

/** {@code KubeFixtures} builds the Kubernetes objects registry tests need, with Fabric8 builders. */
public final class KubeFixtures {
  private KubeFixtures() {}

  /** A running, ready pod with an IP, a service account and a node. */
  public static PodBuilder runningPod(String ns, String name, String ip, Map<String, String> labels) {
    return new PodBuilder()
        .withNewMetadata().withNamespace(ns).withName(name).withLabels(labels).endMetadata()
        .withNewSpec().withServiceAccountName("sa-" + name).withNodeName("node-a")
        .addNewContainer().withName("app").withImage("app:1")
        .addNewPort().withName("http-api").withContainerPort(8080).endPort()
        .addNewPort().withContainerPort(9090).endPort()
        .endContainer()
        .endSpec()
        .withNewStatus().withPhase("Running").withPodIP(ip)
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .endStatus();
  }

  public static Pod pod(String ns, String name, String ip, Map<String, String> labels) {
    return runningPod(ns, name, ip, labels).build();
  }

  public static Node node(String name, Map<String, String> labels) {
    return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
  }

  /** An IPv4 slice of Service {@code service} in {@code ns}. */
  public static EndpointSliceBuilder slice(String ns, String name, String service) {
    return new EndpointSliceBuilder()
        .withNewMetadata().withNamespace(ns).withName(name)
        .withLabels(Map.of(EndpointSliceConverter.SERVICE_NAME_LABEL, service)).endMetadata()
        .withAddressType("IPv4");
  }

  public static EndpointPort slicePort(String name, int port) {
    return new EndpointPortBuilder().withName(name).withPort(port).withProtocol("TCP").build();
  }

  /** An endpoint backed by pod {@code ns/pod}, with the given ready condition ({@code null}: unset). */
  public static EndpointBuilder podEndpoint(String ns, String pod, String ip, Boolean ready) {
    return new EndpointBuilder()
        .withAddresses(ip)
        .withNewConditions().withReady(ready).endConditions()
        .withNewTargetRef().withKind("Pod").withNamespace(ns).withName(pod).endTargetRef();
  }

  public static Endpoint podEndpoint(String ns, String pod, String ip) {
    return podEndpoint(ns, pod, ip, true).build();
  }
}

package dev.rigging.lifecycle.kube;

import dev.rigging.lifecycle.spec.Cloud;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Map;

/**
 * {@code CloudDetector} tells which managed Kubernetes a cluster is from its nodes: the labels the
 * providers put on node pools ({@code eks.amazonaws.com/nodegroup},
 * {@code kubernetes.azure.com/cluster}, {@code cloud.google.com/gke-nodepool}), else the
 * {@code spec.providerID} scheme ({@code aws://}, {@code azure://}, {@code gce://}).
 */
public final class CloudDetector {
  private CloudDetector() {}

  public static Cloud detect(Cluster cluster) {
    List<Node> nodes = cluster.call("list nodes to detect the cloud", () -> cluster.client().nodes().list().getItems());
    for (Node n : nodes) {
      Map<String, String> l = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
      if (l.keySet().stream().anyMatch(k -> k.startsWith("eks.amazonaws.com/"))) {
        return Cloud.EKS;
      }
      if (l.keySet().stream().anyMatch(k -> k.startsWith("kubernetes.azure.com/"))) {
        return Cloud.AKS;
      }
      if (l.keySet().stream().anyMatch(k -> k.startsWith("cloud.google.com/gke-"))) {
        return Cloud.GKE;
      }
      String provider = n.getSpec() == null || n.getSpec().getProviderID() == null ? "" : n.getSpec().getProviderID();
      if (provider.startsWith("aws://")) {
        return Cloud.EKS;
      }
      if (provider.startsWith("azure://")) {
        return Cloud.AKS;
      }
      if (provider.startsWith("gce://")) {
        return Cloud.GKE;
      }
    }
    return Cloud.NONE;
  }
}

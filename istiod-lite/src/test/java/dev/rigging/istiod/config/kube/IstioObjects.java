package dev.rigging.istiod.config.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** {@code IstioObjects} builds Istio objects the way the API server returns them: untyped, from YAML. */
final class IstioObjects {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private IstioObjects() {}

  static GenericKubernetesResource parse(String yaml) {
    return SERIALIZATION.unmarshal(yaml, GenericKubernetesResource.class);
  }

  /** A VirtualService for {@code host} sending everything to {@code destination} with {@code weight}. */
  static GenericKubernetesResource virtualService(String ns, String name, String host, String destination, int weight) {
    return parse("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: %s
          namespace: %s
        spec:
          hosts: [%s]
          http:
          - route:
            - destination:
                host: %s
              weight: %d
        """.formatted(name, ns, host, destination, weight));
  }

  /** A VirtualService with a field Istio does not have. */
  static GenericKubernetesResource virtualServiceWithUnknownField(String ns, String name) {
    return parse("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: %s
          namespace: %s
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination:
                host: reviews
              wieght: 100
        """.formatted(name, ns));
  }

  static GenericKubernetesResource serviceEntry(String ns, String name, String host, int port) {
    return parse("""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: %s
          namespace: %s
        spec:
          hosts: [%s]
          location: MESH_EXTERNAL
          resolution: DNS
          ports:
          - number: %d
            name: https
            protocol: TLS
        """.formatted(name, ns, host, port));
  }

  static GenericKubernetesResource destinationRule(String ns, String name, String host) {
    return parse("""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: %s
          namespace: %s
        spec:
          host: %s
          subsets:
          - name: v1
            labels:
              version: v1
        """.formatted(name, ns, host));
  }

  static GenericKubernetesResource withVersion(GenericKubernetesResource r, String resourceVersion) {
    r.getMetadata().setResourceVersion(resourceVersion);
    return r;
  }
}

package dev.rigging.istiod.webhook.inject;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * {@code InjectionTemplate} is one of the injection templates a pod can ask for with
 * {@code inject.istio.io/templates}: Istio's {@code sidecar} (the default) and {@code grpc-agent}.
 * A template adds its containers, volumes, labels and annotations to the pod and says what it
 * added, which becomes the {@code sidecar.istio.io/status} annotation.
 */
sealed interface InjectionTemplate permits SidecarTemplate, GrpcAgentTemplate {

  /** What a template added, by name. */
  record Added(List<String> initContainers, List<String> containers, List<String> volumes) {
    public Added {
      initContainers = List.copyOf(initContainers);
      containers = List.copyOf(containers);
      volumes = List.copyOf(volumes);
    }
  }

  /** The name pods use in {@code inject.istio.io/templates}. */
  String name();

  /** Adds this template's parts to {@code pod}, whose application containers are {@code appContainers}. */
  Added apply(Pod pod, List<String> appContainers, PodOptions options, InjectionSettings settings);

  /** Whether Istio's post-processing for Envoy sidecars (probe rewriting, metrics merge) applies. */
  boolean envoy();
}

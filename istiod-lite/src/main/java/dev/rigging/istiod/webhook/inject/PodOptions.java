package dev.rigging.istiod.webhook.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code PodOptions} is what injection does for one pod: the control plane's
 * {@link InjectionSettings} with the pod's annotations applied, as Istio's template reads them
 * ({@code annotation .ObjectMeta KEY DEFAULT}).
 *
 * @param namespace the pod's namespace
 * @param owner its workload
 * @param proxyConfig MeshConfig {@code defaultConfig} merged with {@code proxy.istio.io/config}
 * @param interceptionMode {@code REDIRECT}, {@code TPROXY} or {@code NONE}
 * @param nativeSidecar istio-proxy as a native sidecar
 * @param holdApplication hold the application until the proxy is ready (not with native sidecars, which do that anyway)
 * @param statusPort pilot-agent's status port ({@code 0} disables probes and probe rewriting)
 * @param proxyImage the image of istio-proxy and istio-init
 * @param resources of istio-proxy and istio-init
 * @param proxyMetadata {@code proxyMetadata} of the ProxyConfig, sorted, set as environment variables
 */
record PodOptions(
    String namespace,
    WorkloadOwner owner,
    ObjectNode proxyConfig,
    String interceptionMode,
    boolean nativeSidecar,
    boolean holdApplication,
    int statusPort,
    String proxyImage,
    ResourceRequirements resources,
    String logLevel,
    String componentLogLevel,
    String agentLogLevel,
    int readinessInitialDelay,
    int readinessPeriod,
    int readinessFailureThreshold,
    boolean rewriteProbes,
    boolean prometheusMerge,
    Map<String, String> proxyMetadata,
    Map<String, String> annotations) {

  static final int DEFAULT_STATUS_PORT = 15020;

  PodOptions {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(proxyConfig, "proxyConfig");
    proxyMetadata = java.util.Collections.unmodifiableMap(new TreeMap<>(proxyMetadata));
    annotations = Map.copyOf(annotations);
  }

  /**
   * The options of {@code pod}; its annotations must have passed {@link AnnotationChecks}.
   *
   * @throws ProxyConfigs.InvalidProxyConfigException for an unusable {@code proxy.istio.io/config}
   */
  static PodOptions of(Pod pod, String namespace, InjectionSettings s) throws ProxyConfigs.InvalidProxyConfigException {
    Map<String, String> a = pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations();
    ObjectNode proxyConfig = ProxyConfigs.merge(s.proxyConfig(), a.get(IstioAnnotations.PROXY_CONFIG));
    String mode = a.getOrDefault(IstioAnnotations.INTERCEPTION_MODE,
        proxyConfig.path("interceptionMode").asText("REDIRECT"));
    boolean nativeSidecar = a.containsKey(IstioAnnotations.NATIVE_SIDECAR)
        ? AnnotationChecks.isTrue(a.get(IstioAnnotations.NATIVE_SIDECAR)) : s.nativeSidecars();
    boolean hold = !nativeSidecar && (proxyConfig.path("holdApplicationUntilProxyStarts").asBoolean(false)
        || s.proxy().holdApplicationUntilProxyStarts());
    int statusPort = Integer.parseInt(a.getOrDefault(IstioAnnotations.STATUS_PORT,
        proxyConfig.path("statusPort").asText(String.valueOf(DEFAULT_STATUS_PORT))));
    boolean rewrite = a.containsKey(IstioAnnotations.REWRITE_PROBES)
        ? AnnotationChecks.isTrue(a.get(IstioAnnotations.REWRITE_PROBES)) : s.rewriteProbes();
    boolean merge = a.containsKey(IstioAnnotations.MERGE_METRICS)
        ? AnnotationChecks.isTrue(a.get(IstioAnnotations.MERGE_METRICS)) : s.prometheusMerge();
    Map<String, String> metadata = new TreeMap<>();
    JsonNode pm = proxyConfig.path("proxyMetadata");
    pm.fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
    String image = a.getOrDefault(IstioAnnotations.PROXY_IMAGE, s.proxyImage());
    return new PodOptions(namespace, WorkloadOwner.of(pod, namespace), proxyConfig, mode, nativeSidecar, hold,
        statusPort, image.contains("/") ? image : s.proxyImage(), resources(a, s.proxy().resources()),
        a.getOrDefault(IstioAnnotations.LOG_LEVEL, s.proxy().logLevel()),
        a.getOrDefault(IstioAnnotations.COMPONENT_LOG_LEVEL, s.proxy().componentLogLevel()),
        a.getOrDefault(IstioAnnotations.AGENT_LOG_LEVEL, s.proxy().agentLogLevel()),
        Integer.parseInt(a.getOrDefault(IstioAnnotations.READINESS_INITIAL_DELAY, "0")),
        Integer.parseInt(a.getOrDefault(IstioAnnotations.READINESS_PERIOD, "15")),
        Integer.parseInt(a.getOrDefault(IstioAnnotations.READINESS_FAILURE_THRESHOLD, "4")),
        rewrite && statusPort > 0, merge && statusPort > 0, metadata, a);
  }

  /** The annotation {@code key}, or {@code fallback}. */
  String annotation(String key, String fallback) {
    return annotations.getOrDefault(key, fallback);
  }

  boolean tproxy() {
    return interceptionMode.equals("TPROXY");
  }

  // Any of the four annotations replaces the chart's resources entirely, as Istio's template does.
  private static ResourceRequirements resources(Map<String, String> a, ResourceRequirements defaults) {
    String cpu = a.get(IstioAnnotations.PROXY_CPU);
    String memory = a.get(IstioAnnotations.PROXY_MEMORY);
    String cpuLimit = a.get(IstioAnnotations.PROXY_CPU_LIMIT);
    String memoryLimit = a.get(IstioAnnotations.PROXY_MEMORY_LIMIT);
    if (cpu == null && memory == null && cpuLimit == null && memoryLimit == null) {
      return new ResourceRequirementsBuilder(defaults).build();
    }
    ResourceRequirementsBuilder b = new ResourceRequirementsBuilder();
    if (cpu != null) {
      b.addToRequests("cpu", new Quantity(cpu));
    }
    if (memory != null) {
      b.addToRequests("memory", new Quantity(memory));
    }
    if (cpuLimit != null) {
      b.addToLimits("cpu", new Quantity(cpuLimit));
    }
    if (memoryLimit != null) {
      b.addToLimits("memory", new Quantity(memoryLimit));
    }
    return b.build();
  }
}

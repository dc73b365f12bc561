package dev.rigging.istiod.webhook.inject;

/**
 * {@code IstioAnnotations} names the pod labels and annotations injection reads and writes, spelled
 * as in istio/api.
 */
final class IstioAnnotations {
  private IstioAnnotations() {}

  static final String INJECT = "sidecar.istio.io/inject";
  static final String STATUS = "sidecar.istio.io/status";
  static final String TEMPLATES = "inject.istio.io/templates";
  static final String REVISION = "istio.io/rev";
  static final String PROXY_CONFIG = "proxy.istio.io/config";
  static final String PROXY_IMAGE = "sidecar.istio.io/proxyImage";
  static final String PROXY_CPU = "sidecar.istio.io/proxyCPU";
  static final String PROXY_MEMORY = "sidecar.istio.io/proxyMemory";
  static final String PROXY_CPU_LIMIT = "sidecar.istio.io/proxyCPULimit";
  static final String PROXY_MEMORY_LIMIT = "sidecar.istio.io/proxyMemoryLimit";
  static final String LOG_LEVEL = "sidecar.istio.io/logLevel";
  static final String COMPONENT_LOG_LEVEL = "sidecar.istio.io/componentLogLevel";
  static final String AGENT_LOG_LEVEL = "sidecar.istio.io/agentLogLevel";
  static final String INTERCEPTION_MODE = "sidecar.istio.io/interceptionMode";
  static final String NATIVE_SIDECAR = "sidecar.istio.io/nativeSidecar";
  static final String REWRITE_PROBES = "sidecar.istio.io/rewriteAppHTTPProbers";
  static final String STATUS_PORT = "status.sidecar.istio.io/port";
  static final String READINESS_INITIAL_DELAY = "readiness.status.sidecar.istio.io/initialDelaySeconds";
  static final String READINESS_PERIOD = "readiness.status.sidecar.istio.io/periodSeconds";
  static final String READINESS_FAILURE_THRESHOLD = "readiness.status.sidecar.istio.io/failureThreshold";
  static final String INCLUDE_OUTBOUND_IP_RANGES = "traffic.sidecar.istio.io/includeOutboundIPRanges";
  static final String EXCLUDE_OUTBOUND_IP_RANGES = "traffic.sidecar.istio.io/excludeOutboundIPRanges";
  static final String INCLUDE_INBOUND_PORTS = "traffic.sidecar.istio.io/includeInboundPorts";
  static final String EXCLUDE_INBOUND_PORTS = "traffic.sidecar.istio.io/excludeInboundPorts";
  static final String INCLUDE_OUTBOUND_PORTS = "traffic.sidecar.istio.io/includeOutboundPorts";
  static final String EXCLUDE_OUTBOUND_PORTS = "traffic.sidecar.istio.io/excludeOutboundPorts";
  static final String KUBEVIRT_INTERFACES = "traffic.sidecar.istio.io/kubevirtInterfaces";
  static final String REROUTE_VIRTUAL_INTERFACES = "istio.io/reroute-virtual-interfaces";
  static final String EXCLUDE_INTERFACES = "traffic.sidecar.istio.io/excludeInterfaces";
  static final String MERGE_METRICS = "prometheus.istio.io/merge-metrics";
  static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";
  static final String DEFAULT_LOGS_CONTAINER = "kubectl.kubernetes.io/default-logs-container";

  static final String TLS_MODE_LABEL = "security.istio.io/tlsMode";
  static final String CANONICAL_NAME_LABEL = "service.istio.io/canonical-name";
  static final String CANONICAL_REVISION_LABEL = "service.istio.io/canonical-revision";
}

package dev.rigging.istiod.webhook.inject;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rigging.istiod.app.IstiodNames;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Objects;

/**
 * {@code InjectionSettings} is everything injection takes from the control plane rather than from
 * the pod: Istio's sidecar-injector {@code values} and MeshConfig, resolved over istiod-lite's
 * defaults by {@link InjectionSettingsSource}.
 *
 * @param istiod this revision's names ({@code istiod[-REV].NS.svc})
 * @param proxyImage istio-proxy and istio-init image ({@code values.global.proxy.image})
 * @param imagePullPolicy of injected containers, null to leave the cluster default
 * @param caAddress {@code CA_ADDR} ({@code values.global.caAddress}, default {@code istiod[-REV].NS.svc:15012})
 * @param clusterId {@code ISTIO_META_CLUSTER_ID} ({@code values.global.multiCluster.clusterName})
 * @param trustDomain {@code TRUST_DOMAIN} (MeshConfig {@code trustDomain})
 * @param meshId {@code ISTIO_META_MESH_ID} ({@code values.global.meshID}, else the trust domain)
 * @param clusterDomain the DNS domain in {@code --domain} (default {@code cluster.local})
 * @param proxyConfig MeshConfig {@code defaultConfig}, with {@code discoveryAddress} always set
 * @param prometheusMerge MeshConfig {@code enablePrometheusMerge} (Istio's default: true)
 * @param nativeSidecars whether istio-proxy is a native sidecar unless the pod says otherwise
 * @param rewriteProbes {@code values.sidecarInjectorWebhook.rewriteAppHTTPProbe} (default true)
 * @param proxy istio-proxy defaults from {@code values.global.proxy} and {@code values.global.logging}
 * @param grpcAgentImage the workload agent of the {@code grpc-agent} template
 */
public record InjectionSettings(
    IstiodNames istiod,
    String proxyImage,
    String imagePullPolicy,
    String caAddress,
    String clusterId,
    String trustDomain,
    String meshId,
    String clusterDomain,
    ObjectNode proxyConfig,
    boolean prometheusMerge,
    boolean nativeSidecars,
    boolean rewriteProbes,
    ProxyDefaults proxy,
    String grpcAgentImage) {

  public InjectionSettings {
    Objects.requireNonNull(istiod, "istiod");
    Objects.requireNonNull(proxyImage, "proxyImage");
    Objects.requireNonNull(caAddress, "caAddress");
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(meshId, "meshId");
    Objects.requireNonNull(clusterDomain, "clusterDomain");
    proxyConfig = proxyConfig.deepCopy();
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(grpcAgentImage, "grpcAgentImage");
  }

  /** A copy of MeshConfig {@code defaultConfig} (callers may change it). */
  @Override
  public ObjectNode proxyConfig() {
    return proxyConfig.deepCopy();
  }

  /**
   * istio-proxy defaults Istio keeps in {@code values.global.proxy}, with Istio's chart defaults.
   *
   * @param resources requests and limits unless the pod's {@code sidecar.istio.io/proxy*} annotations say otherwise
   * @param logLevel Envoy's level ({@code --proxyLogLevel})
   * @param componentLogLevel Envoy's per-component levels
   * @param agentLogLevel pilot-agent's {@code --log_output_level} ({@code values.global.logging.level})
   * @param holdApplicationUntilProxyStarts start the application only once the proxy is ready
   * @param includeOutboundIpRanges istio-iptables {@code -i}
   * @param excludeOutboundIpRanges istio-iptables {@code -x}
   * @param includeInboundPorts istio-iptables {@code -b}
   * @param excludeInboundPorts added to istio-iptables {@code -d}
   * @param includeOutboundPorts istio-iptables {@code -q} when not empty
   * @param excludeOutboundPorts istio-iptables {@code -o} when not empty
   */
  public record ProxyDefaults(
      ResourceRequirements resources,
      String logLevel,
      String componentLogLevel,
      String agentLogLevel,
      boolean holdApplicationUntilProxyStarts,
      String includeOutboundIpRanges,
      String excludeOutboundIpRanges,
      String includeInboundPorts,
      String excludeInboundPorts,
      String includeOutboundPorts,
      String excludeOutboundPorts) {

    public ProxyDefaults {
      Objects.requireNonNull(resources, "resources");
    }
  }
}

package dev.rigging.mesh.api.networking;

import java.util.List;

/**
 * {@code Sidecar} is the spec of a networking.istio.io Sidecar: narrows what a workload's proxy
 * sees (egress hosts) and accepts (ingress listeners).
 */
public record Sidecar(
    WorkloadSelector workloadSelector,
    List<IstioIngressListener> ingress,
    List<IstioEgressListener> egress,
    DestinationRule.ConnectionPoolSettings inboundConnectionPool,
    OutboundTrafficPolicy outboundTrafficPolicy) {

  public Sidecar {
    ingress = Nulls.list(ingress);
    egress = Nulls.list(egress);
  }

  /** How traffic reaches a listener. */
  public enum CaptureMode { DEFAULT, IPTABLES, NONE }

  /** A port: number, protocol, name. */
  public record SidecarPort(Integer number, String protocol, String name, Integer targetPort) {}

  /** An inbound listener. */
  public record IstioIngressListener(
      SidecarPort port,
      String bind,
      CaptureMode captureMode,
      String defaultEndpoint,
      Gateway.ServerTLSSettings tls,
      DestinationRule.ConnectionPoolSettings connectionPool) {}

  /** An outbound listener: the hosts ({@code namespace/dnsName}) visible on a port or on all ports. */
  public record IstioEgressListener(SidecarPort port, String bind, CaptureMode captureMode, List<String> hosts) {
    public IstioEgressListener {
      hosts = Nulls.list(hosts);
    }
  }

  /** What to do with traffic to hosts outside the registry. */
  public enum OutboundMode { REGISTRY_ONLY, ALLOW_ANY }

  /** Outbound traffic policy. */
  public record OutboundTrafficPolicy(OutboundMode mode, Destination egressProxy) {}
}

package dev.rigging.istiod.networking;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.rigging.istiod.model.MtlsMode;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.model.ResolvedDestinationRule;
import dev.rigging.istiod.registry.Endpoint;
import dev.rigging.mesh.api.networking.DestinationRule;
import dev.rigging.mesh.api.networking.DestinationRule.TLSMode;
import io.envoyproxy.envoy.config.core.v3.Metadata;

/**
 * {@code EndpointTlsMetadata} decides the {@code envoy.transport_socket_match} metadata
 * ({@code tlsMode}) of an endpoint, which auto-mTLS clusters match to choose mTLS or plaintext
 * per endpoint. As istiod does: an endpoint keeps its TLS mode in EDS when the DestinationRule of
 * its cluster asks for {@code ISTIO_MUTUAL}, or, without rule TLS, when it is an Istio mTLS
 * endpoint whose own PeerAuthentication does not DISABLE mTLS on its port; endpoints of
 * DNS clusters (inline in CDS) keep their mode as is. {@code disabled} is never sent.
 */
final class EndpointTlsMetadata {
  private EndpointTlsMetadata() {}

  /** The metadata for a published TLS mode, or null when there is none to publish. */
  static Metadata metadata(String tlsMode) {
    if (tlsMode == null || tlsMode.isEmpty() || tlsMode.equals(Endpoint.TLS_MODE_DISABLED)) {
      return null;
    }
    return Metadata.newBuilder().putFilterMetadata(ClusterTransportSockets.MATCH_METADATA_KEY, Struct.newBuilder()
        .putFields(ClusterTransportSockets.TLS_MODE_FIELD, Value.newBuilder().setStringValue(tlsMode).build())
        .build()).build();
  }

  /** The TLS mode an endpoint of an inline (DNS) cluster publishes. */
  static String inlineTlsMode(Endpoint e) {
    return e.tlsMode();
  }

  /**
   * The TLS mode endpoint {@code e} of EDS cluster {@code c} publishes: istiod's mTLS check with
   * the cluster's rule TLS mode {@code ruleMode} (see {@link #ruleTlsMode}).
   */
  static String edsTlsMode(PushContext push, PlannedCluster c, TLSMode ruleMode, Endpoint e) {
    boolean enabled;
    if (ruleMode != null) {
      enabled = ruleMode == TLSMode.ISTIO_MUTUAL;
    } else {
      // The endpoint's workload runs in the namespace of the service that lists it.
      enabled = e.tlsMode().equals(Endpoint.TLS_MODE_ISTIO)
          && push.peerAuthentication(c.service().namespace(), e.labels()).modeFor(e.port()) != MtlsMode.DISABLE;
    }
    return enabled ? e.tlsMode() : "";
  }

  /**
   * The TLS mode the rule sets for one cluster, as istiod's EDS reads it: the top-level policy's
   * for the default cluster, the subset's own policy's for a subset (no inheritance), a port-level
   * setting overriding; null when unset. A {@code tls} block without mode is {@code DISABLE}.
   */
  static TLSMode ruleTlsMode(ResolvedDestinationRule rule, String subset, int port) {
    if (rule == null) {
      return null;
    }
    if (subset == null || subset.isEmpty()) {
      return policyTlsMode(rule.trafficPolicy(), port);
    }
    return rule.subset(subset).map(s -> policyTlsMode(s.trafficPolicy(), port)).orElse(null);
  }

  private static TLSMode policyTlsMode(DestinationRule.TrafficPolicy policy, int port) {
    if (policy == null) {
      return null;
    }
    TLSMode mode = policy.tls() == null ? null : modeOf(policy.tls());
    for (DestinationRule.PortTrafficPolicy p : policy.portLevelSettings()) {
      if (p.port() != null && p.port().number() != null && p.port().number() == port && p.tls() != null) {
        mode = modeOf(p.tls());
        break;
      }
    }
    return mode;
  }

  private static TLSMode modeOf(DestinationRule.ClientTLSSettings tls) {
    return tls.mode() == null ? TLSMode.DISABLE : tls.mode();
  }
}

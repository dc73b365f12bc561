package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.registry.Locality;
import dev.rigging.istiod.registry.MeshService;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.List;

/**
 * {@code OutboundClusterFactory} translates a planned cluster into an Envoy cluster: EDS over ADS
 * for STATIC services, STRICT_DNS/LOGICAL_DNS with an inline load assignment of host names for DNS
 * services, ORIGINAL_DST for passthrough; then the merged DestinationRule policy and the
 * upstream TLS.
 */
final class OutboundClusterFactory {
  /** Istio's default {@code dnsRefreshRate}. */
  private static final com.google.protobuf.Duration DNS_REFRESH_RATE = Protos.millis(60_000);

  private OutboundClusterFactory() {}

  /** The Envoy cluster, or null for a DNS cluster without endpoints (Istio omits those). */
  static Cluster build(PushContext push, PlannedCluster c, Locality client) {
    Cluster.Builder b = Cluster.newBuilder().setName(c.name()).setType(c.discovery());
    switch (c.discovery()) {
      case EDS -> b.setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
          .setEdsConfig(Protos.ADS).setServiceName(c.name()));
      case STRICT_DNS, LOGICAL_DNS -> {
        List<LocalityLbEndpoints> groups = EndpointBuilder.localityEndpoints(
            push.registry().endpoints(c.service().key(), c.port().port()), c, client, false,
            EndpointTlsMetadata::inlineTlsMode);
        if (groups.isEmpty()) {
          return null;
        }
        if (c.discovery() == Cluster.DiscoveryType.LOGICAL_DNS) {
          // Envoy accepts exactly one host for LOGICAL_DNS: the first in stable order.
          LocalityLbEndpoints first = groups.get(0);
          groups = List.of(first.toBuilder().clearLbEndpoints().addLbEndpoints(first.getLbEndpoints(0))
              .setLoadBalancingWeight(first.getLbEndpoints(0).getLoadBalancingWeight()).build());
        }
        b.setDnsLookupFamily(Cluster.DnsLookupFamily.V4_ONLY)
            .setDnsRefreshRate(DNS_REFRESH_RATE)
            .setRespectDnsTtl(true)
            .setLoadAssignment(ClusterLoadAssignment.newBuilder().setClusterName(c.name()).addAllEndpoints(groups));
      }
      default -> { }
    }
    UpstreamTlsContexts.Built tls = UpstreamTlsContexts.build(c.tls(), ClusterPolicyApplier.http2(c.policy(), c.port()),
        push.serviceAccounts(c.service()), c.service().registry() == MeshService.Registry.SERVICE_ENTRY);
    ClusterPolicyApplier.applyOutbound(b, c.policy(), c.port(), push.mesh(), tls == null ? null : tls.upstreamHttp());
    ClusterTransportSockets.apply(b, tls == null ? null : tls.context(), c.tls().autoDetected());
    return b.build();
  }
}

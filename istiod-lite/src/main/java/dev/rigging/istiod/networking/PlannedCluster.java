package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.ResolvedDestinationRule;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.ServicePort;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.Map;
import java.util.Objects;

/**
 * {@code PlannedCluster} is one outbound cluster a proxy needs, before translation: the service
 * port, optional subset, the DestinationRule and merged policy that apply, and how endpoints are
 * discovered. CDS turns it into a {@link Cluster}, EDS (for {@code EDS} clusters) into a
 * ClusterLoadAssignment.
 *
 * @param name {@code outbound|PORT|SUBSET|HOST}
 * @param subset subset name, empty for the default cluster
 * @param subsetLabels endpoint labels the subset selects (empty for the default cluster)
 * @param rule the DestinationRule in effect, or null
 * @param discovery EDS, STRICT_DNS, LOGICAL_DNS or ORIGINAL_DST
 * @param proxyless built for a proxyless gRPC client (IP endpoints, gRPC-compatible fields only)
 * @param tls the TLS the client uses towards the cluster
 */
record PlannedCluster(
    String name,
    MeshService service,
    ServicePort port,
    String subset,
    Map<String, String> subsetLabels,
    ResolvedDestinationRule rule,
    EffectivePolicy policy,
    Cluster.DiscoveryType discovery,
    boolean proxyless,
    UpstreamTls tls) {

  PlannedCluster {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(port, "port");
    subset = subset == null ? "" : subset;
    subsetLabels = Map.copyOf(subsetLabels);
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(discovery, "discovery");
    Objects.requireNonNull(tls, "tls");
  }
}

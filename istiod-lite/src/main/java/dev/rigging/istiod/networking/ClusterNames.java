package dev.rigging.istiod.networking;

/**
 * {@code ClusterNames} builds Istio's cluster names: {@code outbound|PORT|SUBSET|HOST},
 * {@code inbound|PORT||} and the fixed catch-all clusters.
 */
public final class ClusterNames {
  /** Original-destination cluster for traffic to unknown destinations ({@code ALLOW_ANY}). */
  public static final String PASSTHROUGH = "PassthroughCluster";
  /** Cluster without endpoints for traffic that must be dropped ({@code REGISTRY_ONLY}). */
  public static final String BLACKHOLE = "BlackHoleCluster";
  /** Original-destination cluster for inbound traffic to ports no service declares. */
  public static final String INBOUND_PASSTHROUGH = "InboundPassthroughCluster";

  private ClusterNames() {}

  /** {@code outbound|PORT|SUBSET|HOST}; {@code subset} may be null or empty. */
  public static String outbound(int port, String subset, String host) {
    return "outbound|" + port + "|" + (subset == null ? "" : subset) + "|" + host;
  }

  /** Istio's SNI for mutual TLS to a cluster: {@code outbound_.PORT_.SUBSET_.HOST} (subset may be empty). */
  public static String istioMtlsSni(int port, String subset, String host) {
    return "outbound_." + port + "_." + (subset == null ? "" : subset) + "_." + host;
  }

  /** {@code inbound|PORT||} for the workload port {@code port}. */
  public static String inbound(int port) {
    return "inbound|" + port + "||";
  }
}

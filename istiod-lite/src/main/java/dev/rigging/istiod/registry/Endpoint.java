package dev.rigging.istiod.registry;

import java.util.Map;
import java.util.Objects;

/**
 * {@code Endpoint} is one workload instance behind one port of a service.
 *
 * @param address IP address (or DNS name for DNS-resolved services seen by Envoy)
 * @param port the port on the workload (the target port)
 * @param servicePort the service port number this endpoint serves
 * @param labels workload labels (subsets select on these)
 * @param locality where the workload runs
 * @param weight load balancing weight, at least 1
 * @param serviceAccount workload service account (for SPIFFE identity), empty if unknown
 * @param healthy false for not-ready endpoints (excluded from load balancing)
 * @param workload name of the workload (pod, WorkloadEntry or ServiceEntry endpoint), for debugging
 * @param tlsMode Istio's endpoint TLS mode: {@value #TLS_MODE_ISTIO} when the workload accepts
 *     Istio mutual TLS (it has a sidecar or is a proxyless mesh workload), {@value #TLS_MODE_DISABLED}
 *     otherwise, or another value of the {@value #TLS_MODE_LABEL} label
 */
public record Endpoint(
    String address,
    int port,
    int servicePort,
    Map<String, String> labels,
    Locality locality,
    int weight,
    String serviceAccount,
    boolean healthy,
    String workload,
    String tlsMode) {

  /** The workload label that tells clients whether the workload takes Istio mutual TLS. */
  public static final String TLS_MODE_LABEL = "security.istio.io/tlsMode";
  public static final String TLS_MODE_ISTIO = "istio";
  public static final String TLS_MODE_DISABLED = "disabled";

  public Endpoint {
    Objects.requireNonNull(address, "address");
    labels = Map.copyOf(labels);
    locality = locality == null ? Locality.UNKNOWN : locality;
    weight = Math.max(1, weight);
    serviceAccount = serviceAccount == null ? "" : serviceAccount;
    workload = workload == null ? "" : workload;
    tlsMode = tlsMode == null || tlsMode.isEmpty() ? TLS_MODE_DISABLED : tlsMode;
  }

  /**
   * An endpoint of a Kubernetes workload, whose TLS mode is its {@value #TLS_MODE_LABEL} label
   * ({@value #TLS_MODE_DISABLED} without it), as Istio reads pods.
   */
  public Endpoint(String address, int port, int servicePort, Map<String, String> labels, Locality locality,
      int weight, String serviceAccount, boolean healthy, String workload) {
    this(address, port, servicePort, labels, locality, weight, serviceAccount, healthy, workload,
        labelTlsMode(labels));
  }

  /** The {@value #TLS_MODE_LABEL} label of {@code labels}, {@value #TLS_MODE_DISABLED} without it. */
  public static String labelTlsMode(Map<String, String> labels) {
    return labels == null ? TLS_MODE_DISABLED : labels.getOrDefault(TLS_MODE_LABEL, TLS_MODE_DISABLED);
  }

  /** This endpoint at another address (control-plane DNS resolution), everything else kept. */
  public Endpoint withAddress(String newAddress) {
    return new Endpoint(newAddress, port, servicePort, labels, locality, weight, serviceAccount, healthy, workload,
        tlsMode);
  }

  /** This endpoint with readiness {@code ready}, everything else kept. */
  public Endpoint withHealthy(boolean ready) {
    return new Endpoint(address, port, servicePort, labels, locality, weight, serviceAccount, ready, workload,
        tlsMode);
  }
}

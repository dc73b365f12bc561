package dev.rigging.ca.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code AgentConfig} tells a {@link WorkloadAgent} who the workload is and where things are.
 *
 * @param tokenFile the workload's service-account token (re-read for every request: projected
 *     tokens rotate)
 * @param caAddress the CA, {@code host:port} (istiod-lite's 15012)
 * @param caRootFile PEM roots to verify the CA's TLS certificate (Istio mounts them from ConfigMap
 *     {@code istio-ca-root-cert}); empty means plaintext (only for a CA on loopback or 15010)
 * @param caAuthority the host name the CA's certificate must carry, e.g. {@code istiod.istio-system.svc}
 * @param clusterId sent as {@code clusterid} metadata so the CA picks this cluster's token verifier
 * @param outputDir where {@code cert-chain.pem}, {@code key.pem} and {@code root-cert.pem} are written
 * @param bootstrapFile where the gRPC xDS bootstrap is written; empty to write none
 * @param xdsAddress the xDS server for the bootstrap, {@code host:port}
 * @param nodeId the Istio node id, {@code sidecar~IP~POD.NS~NS.svc.cluster.local}
 * @param namespace the workload's namespace (node metadata)
 * @param labels the workload's labels (node metadata)
 * @param ttl the certificate lifetime asked for; zero means the CA's default
 * @param certRefresh how often grpc's file watcher re-reads the files (Istio's agent: 15 min)
 */
public record AgentConfig(
    Path tokenFile,
    String caAddress,
    Optional<Path> caRootFile,
    String caAuthority,
    String clusterId,
    Path outputDir,
    Optional<Path> bootstrapFile,
    String xdsAddress,
    String nodeId,
    String namespace,
    Map<String, String> labels,
    Duration ttl,
    Duration certRefresh) {

  public AgentConfig {
    Objects.requireNonNull(tokenFile, "tokenFile");
    Objects.requireNonNull(caAddress, "caAddress");
    Objects.requireNonNull(caRootFile, "caRootFile");
    Objects.requireNonNull(caAuthority, "caAuthority");
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(bootstrapFile, "bootstrapFile");
    Objects.requireNonNull(xdsAddress, "xdsAddress");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(namespace, "namespace");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(certRefresh, "certRefresh");
  }

  /** The certificate file the agent writes. */
  public Path certChainFile() {
    return outputDir.resolve("cert-chain.pem");
  }

  /** The private key file the agent writes. */
  public Path keyFile() {
    return outputDir.resolve("key.pem");
  }

  /** The trusted roots file the agent writes. */
  public Path rootCertFile() {
    return outputDir.resolve("root-cert.pem");
  }
}

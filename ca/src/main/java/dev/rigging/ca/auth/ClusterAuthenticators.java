package dev.rigging.ca.auth;

import io.grpc.Metadata;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ClusterAuthenticators} picks the token authenticator of the cluster a caller names in its
 * {@value #CLUSTER_ID_HEADER} metadata (Istio's multi-cluster convention): no value means the local
 * cluster; a cluster that is not registered is refused. Remote clusters may be added and removed
 * while serving.
 */
public final class ClusterAuthenticators implements Authenticator {
  /** The metadata key naming the caller's cluster. */
  public static final String CLUSTER_ID_HEADER = "clusterid";
  private static final Metadata.Key<String> CLUSTER_ID = Metadata.Key.of(CLUSTER_ID_HEADER, Metadata.ASCII_STRING_MARSHALLER);

  private final String localClusterId;
  private final Map<String, Authenticator> clusters = new ConcurrentHashMap<>();

  public ClusterAuthenticators(String localClusterId, Authenticator local) {
    this.localClusterId = Objects.requireNonNull(localClusterId, "localClusterId");
    clusters.put(localClusterId, Objects.requireNonNull(local, "local"));
  }

  /** Registers (or replaces) the token authenticator of {@code clusterId}. */
  public ClusterAuthenticators put(String clusterId, Authenticator authenticator) {
    clusters.put(Objects.requireNonNull(clusterId, "clusterId"), Objects.requireNonNull(authenticator, "authenticator"));
    return this;
  }

  /** Forgets a remote cluster; its callers are refused from now on. The local cluster stays. */
  public void remove(String clusterId) {
    if (!localClusterId.equals(clusterId)) {
      clusters.remove(clusterId);
    }
  }

  @Override
  public AuthResult authenticate(Metadata headers, List<X509Certificate> peerCertificates) {
    if (!headers.containsKey(BearerTokens.AUTHORIZATION)) {
      return new AuthResult.NotPresented("bearer token");
    }
    List<String> ids = new ArrayList<>();
    Iterable<String> values = headers.getAll(CLUSTER_ID);
    if (values != null) {
      values.forEach(ids::add);
    }
    if (ids.size() > 1) {
      return new AuthResult.Rejected(ids.size() + " clusterid entries (at most one expected)");
    }
    String clusterId = ids.isEmpty() || ids.get(0).isEmpty() ? localClusterId : ids.get(0);
    Authenticator authenticator = clusters.get(clusterId);
    if (authenticator == null) {
      return new AuthResult.Rejected("unknown cluster id '" + clusterId + "'");
    }
    AuthResult result = authenticator.authenticate(headers, peerCertificates);
    return result instanceof AuthResult.Rejected r ? new AuthResult.Rejected("cluster " + clusterId + ": " + r.reason()) : result;
  }
}

package dev.rigging.fips;

import dev.rigging.ca.agent.AgentConfig;
import dev.rigging.ca.agent.WorkloadAgent;
import dev.rigging.ca.testing.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code WorkloadIdentity} is the identity of one proxyless workload hosted in the test JVM, as a
 * user's application runs next to the FIPS control plane: the {@code ca} module's
 * {@link WorkloadAgent} gets its certificate from the variant's CA (CreateCertificate on the TLS port,
 * authenticated with a service-account token) and writes the files grpc's {@code file_watcher}
 * certificate provider reads.
 *
 * <p>Its {@link #bootstrap()} is the agent's with the xDS server replaced by the variant's TLS port
 * ({@code channel_creds: tls}): the agent writes {@code insecure}, because Istio's agent points
 * workloads at its local xDS proxy. The node, its metadata and the certificate provider are the agent's.
 */
final class WorkloadIdentity implements AutoCloseable {
  private static final int URI_SAN = 6;

  private final WorkloadAgent agent;
  private final String spiffeId;
  private final Map<String, Object> bootstrap;

  private WorkloadIdentity(WorkloadAgent agent, String spiffeId, String xdsAddress) {
    this.agent = agent;
    this.spiffeId = spiffeId;
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("server_uri", xdsAddress);
    server.put("channel_creds", List.of(Map.of("type", "tls", "config", Map.of())));
    server.put("server_features", List.of("xds_v3"));
    Map<String, Object> b = new LinkedHashMap<>(agent.bootstrap());
    b.put("xds_servers", List.of(server));
    this.bootstrap = Map.copyOf(b);
  }

  /**
   * Starts the agent of {@code pod} ({@code namespace/serviceAccount}, address 127.0.0.1) against
   * the variant's TLS port {@code variant} ({@code host:port}) and returns once its first certificate
   * is written, or throws when none comes within {@code timeout}.
   *
   * @param caRoot the root the variant's CA published, to verify the variant's serving certificate
   */
  static WorkloadIdentity start(Tokens tokens, Path home, String variant, Path caRoot, String namespace,
      String serviceAccount, Map<String, String> labels, Duration timeout)
      throws IOException, GeneralSecurityException {
    Objects.requireNonNull(tokens, "tokens");
    String pod = serviceAccount + "-1";
    Files.createDirectories(home);
    Path token = Files.writeString(home.resolve("istio-token"), tokens.serviceAccount(namespace, serviceAccount));
    WorkloadAgent agent = WorkloadAgent.start(new AgentConfig(token, variant, Optional.of(caRoot),
        "istiod.istio-system.svc", "Kubernetes", home.resolve("certs"), Optional.empty(), variant,
        "sidecar~127.0.0.1~" + pod + "." + namespace + "~" + namespace + ".svc.cluster.local", namespace, labels,
        Duration.ZERO, Duration.ofSeconds(1)), timeout);
    return new WorkloadIdentity(agent, "spiffe://cluster.local/ns/" + namespace + "/sa/" + serviceAccount, variant);
  }

  WorkloadAgent agent() {
    return agent;
  }

  /** The identity Istio's CA issues to this workload's service account (trust domain {@code cluster.local}). */
  String spiffeId() {
    return spiffeId;
  }

  /** The grpc-xds bootstrap of this workload, its xDS server being the variant's TLS port. */
  Map<String, Object> bootstrap() {
    return bootstrap;
  }

  /** The URI SAN of {@code certificate}, or {@code null} when it has none. */
  static String uriSan(X509Certificate certificate) {
    try {
      var sans = certificate.getSubjectAlternativeNames();
      for (List<?> san : sans == null ? List.<List<?>>of() : sans) {
        if ((Integer) san.get(0) == URI_SAN) {
          return (String) san.get(1);
        }
      }
      return null;
    } catch (CertificateParsingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    agent.close();
  }
}

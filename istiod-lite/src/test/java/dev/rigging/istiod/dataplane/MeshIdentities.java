package dev.rigging.istiod.dataplane;

import dev.rigging.ca.agent.AgentConfig;
import dev.rigging.ca.agent.WorkloadAgent;
import dev.rigging.ca.testing.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code MeshIdentities} plays the part of Kubernetes and Istio's agent for test workloads: it
 * issues service-account tokens (a test issuer whose JWKS istiod-lite's CA trusts) and runs one
 * {@link WorkloadAgent} per workload against istiod-lite's CA on its TLS port, verifying it with
 * the root istiod-lite wrote. Certificates are therefore real ones from the embedded CA.
 */
public final class MeshIdentities implements AutoCloseable {
  private final Tokens tokens = new Tokens("test-key", "https://kubernetes.default.svc.cluster.local");
  private final Path dir;
  private final List<WorkloadAgent> agents = new ArrayList<>();

  public MeshIdentities(Path dir) {
    this.dir = dir;
  }

  /** Writes the JWKS the CA verifies tokens with; returns its path. */
  public Path writeJwks() {
    try {
      Files.createDirectories(dir);
      return tokens.writeJwks(dir.resolve("jwks.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts the agent of workload {@code pod} running as {@code namespace/serviceAccount} and returns
   * its files once the first certificate is written.
   *
   * @param caAddress istiod-lite's TLS port, e.g. {@code 127.0.0.1:25012}
   * @param caRoot the root-cert.pem istiod-lite's CA persisted (Istio mounts it from a ConfigMap)
   */
  public Pki start(String caAddress, Path caRoot, String xdsAddress, String namespace, String serviceAccount,
      String pod, Map<String, String> labels, Duration ttl) {
    try {
      Path home = dir.resolve(pod);
      Files.createDirectories(home);
      Path token = Files.writeString(home.resolve("istio-token"), tokens.serviceAccount(namespace, serviceAccount));
      WorkloadAgent agent = WorkloadAgent.start(new AgentConfig(token, caAddress, Optional.of(caRoot),
          "istiod.istio-system.svc", "Kubernetes", home.resolve("certs"), Optional.empty(), xdsAddress,
          "sidecar~127.0.0.1~" + pod + "." + namespace + "~" + namespace + ".svc.cluster.local", namespace, labels,
          ttl, Duration.ofSeconds(1)), Duration.ofSeconds(30));
      agents.add(agent);
      return Pki.of(agent);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("agent of " + pod + " got no certificate: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    agents.forEach(WorkloadAgent::close);
  }
}

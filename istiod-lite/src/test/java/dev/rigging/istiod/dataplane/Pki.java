package dev.rigging.istiod.dataplane;

import dev.rigging.ca.agent.WorkloadAgent;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code Pki} is where one proxyless workload's certificate, key and mesh roots are: the files its
 * {@link WorkloadAgent} keeps current, which grpc's {@code file_watcher} certificate provider reads.
 */
public record Pki(Path certificate, Path privateKey, Path rootCertificate, Map<String, Object> certificateProviders) {

  /** The files and the bootstrap's {@code certificate_providers} of a running agent. */
  @SuppressWarnings("unchecked")
  public static Pki of(WorkloadAgent agent) {
    var c = agent.config();
    return new Pki(c.certChainFile(), c.keyFile(), c.rootCertFile(),
        (Map<String, Object>) agent.bootstrap().get("certificate_providers"));
  }
}

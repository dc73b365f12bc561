package dev.rigging.lifecycle.analyze;

import dev.rigging.mesh.config.ConfigObject;
import java.util.List;
import java.util.Optional;

/**
 * {@code AnalysisInput} is what the analyzers see: the valid Istio objects (from files, the cluster,
 * or both — a file wins over the cluster's copy of the same object) and, when a cluster was read,
 * its snapshot.
 */
public record AnalysisInput(List<ConfigObject<?>> configs, Optional<ClusterSnapshot> cluster, String domainSuffix) {
  public AnalysisInput {
    configs = List.copyOf(configs);
  }

  /** {@code host} as a fully qualified name, Istio's way: a short name is a Service in {@code namespace}. */
  public String fqdn(String host, String namespace) {
    if (host.startsWith("*") || host.contains(".svc.") || host.endsWith("." + domainSuffix)) {
      return host;
    }
    long dots = host.chars().filter(c -> c == '.').count();
    if (dots == 0) {
      return host + "." + namespace + ".svc." + domainSuffix;
    }
    if (dots == 1) {
      // name.namespace, as Kubernetes DNS resolves it
      return host + ".svc." + domainSuffix;
    }
    return host;
  }

  /** The objects of one kind, typed. */
  public <S> List<ConfigObject<S>> of(Class<S> spec) {
    return configs.stream().filter(o -> spec.isInstance(o.spec())).map(o -> o.as(spec)).toList();
  }
}

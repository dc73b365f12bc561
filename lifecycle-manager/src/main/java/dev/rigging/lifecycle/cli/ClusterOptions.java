package dev.rigging.lifecycle.cli;

import dev.rigging.lifecycle.kube.ClusterRef;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code ClusterOptions} are istioctl's cluster flags: {@code -c/--kubeconfig}, {@code --context}, {@code -i}. */
public class ClusterOptions {
  @Option(names = {"-c", "--kubeconfig"}, paramLabel = "FILE", description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: the current one).")
  String context;

  @Option(names = {"-i", "--istio-namespace"}, paramLabel = "NS", defaultValue = "istio-system",
      description = "Namespace of the mesh control plane (default: ${DEFAULT-VALUE}).")
  String namespace;

  public ClusterRef ref() {
    return new ClusterRef(Optional.ofNullable(kubeconfig), Optional.ofNullable(context));
  }

  public String namespace() {
    return namespace;
  }
}

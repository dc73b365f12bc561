package dev.rigging.lifecycle.cli;

import dev.rigging.lifecycle.analyze.Analysis;
import dev.rigging.lifecycle.analyze.AnalysisInput;
import dev.rigging.lifecycle.analyze.ClusterReader;
import dev.rigging.lifecycle.analyze.ClusterSnapshot;
import dev.rigging.lifecycle.analyze.ConfigSources;
import dev.rigging.lifecycle.analyze.Level;
import dev.rigging.lifecycle.analyze.Message;
import dev.rigging.lifecycle.errors.ExitCodes;
import dev.rigging.lifecycle.errors.UsageException;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.output.Format;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rig analyze}: Istio config in files and/or the cluster, with istioctl's message codes and exit code 79. */
@Command(name = "analyze", description = {"Analyze Istio configuration in files and/or the cluster.",
    "Findings use Istio's codes (IST0101 …) where Istio has one for the same meaning, RIG codes otherwise.",
    "Exits 79 when a finding is at or above --failure-threshold."})
public class AnalyzeCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOption output;
  @Mixin HelpOption help;
  @Inject RigContext ctx;

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files or directories of Istio YAML/JSON.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--use-kube", defaultValue = "true", arity = "0..1", fallbackValue = "true",
      description = "Also analyze the cluster's config and workloads (default: ${DEFAULT-VALUE}).")
  boolean useKube;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Only this namespace (default: all).")
  String namespace;

  @Option(names = "--failure-threshold", defaultValue = "Error", paramLabel = "LEVEL",
      description = "Lowest level that fails the command: Info, Warning, Error (default: ${DEFAULT-VALUE}).")
  String failureThreshold;

  @Option(names = "--output-threshold", defaultValue = "Info", paramLabel = "LEVEL",
      description = "Lowest level printed (default: ${DEFAULT-VALUE}).")
  String outputThreshold;

  @Option(names = "--domain-suffix", defaultValue = "cluster.local", description = "Cluster DNS suffix (default: ${DEFAULT-VALUE}).")
  String domainSuffix;

  @Override
  public Integer call() {
    Level fail = Level.of(failureThreshold);
    Level show = Level.of(outputThreshold);
    Format format = output.format();
    if (!useKube && files.isEmpty()) {
      throw new UsageException("nothing to analyze: give files or directories, or leave --use-kube on");
    }
    Optional<String> ns = Optional.ofNullable(namespace);
    ConfigSources sources = new ConfigSources(ns.orElse("default"));
    Optional<ClusterSnapshot> snapshot = Optional.empty();
    if (useKube) {
      try (Cluster c = Cluster.connect(cluster.ref())) {
        c.kubernetesVersion();
        ClusterReader.readConfigs(c, ns, sources);
        snapshot = Optional.of(ClusterReader.snapshot(c, cluster.namespace(), ns, domainSuffix));
      }
    }
    sources.addFiles(files);
    AnalysisInput input = new AnalysisInput(sources.objects().stream()
        .filter(o -> ns.isEmpty() || o.namespace().equals(ns.get())).toList(), snapshot, domainSuffix);
    List<Message> messages = Analysis.run(input, sources.messages());
    Messages.print(ctx.console(), format, messages, show);
    if (messages.stream().noneMatch(m -> m.level().compareTo(show) >= 0)) {
      ctx.console().info("✔ No validation issues found when analyzing " + ns.map(n -> "namespace: " + n).orElse("all namespaces") + ".");
    }
    return messages.stream().anyMatch(m -> m.level().compareTo(fail) >= 0) ? ExitCodes.ANALYZE_ISSUES : ExitCodes.OK;
  }
}

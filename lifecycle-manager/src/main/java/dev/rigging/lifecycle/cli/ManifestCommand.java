package dev.rigging.lifecycle.cli;

import dev.rigging.lifecycle.install.InstallPlan;
import dev.rigging.lifecycle.output.Console;
import dev.rigging.lifecycle.spec.Cloud;
import dev.rigging.lifecycle.spec.SpecAssembler;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rig manifest}: the GitOps path. */
@Command(name = "manifest", description = "Work with install manifests.", subcommands = ManifestCommand.Generate.class)
public class ManifestCommand {
  @Mixin HelpOption help;

  /** {@code rig manifest generate}: what install would apply to a cluster without Rigging, as YAML on stdout. */
  @Command(name = "generate", description = {
      "Print exactly the objects rig install applies to a cluster that has no Rigging yet (for GitOps).",
      "Offline: cloud 'auto' means no cloud overlay; choose one with --set cloud=eks|aks|gke."})
  public static class Generate implements Callable<Integer> {
    @Mixin SpecOptions spec;
    @Mixin HelpOption help;
    @Inject RigContext ctx;

    @Option(names = {"-i", "--istio-namespace"}, paramLabel = "NS", defaultValue = "istio-system",
        description = "Namespace of the mesh control plane (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--catalog", paramLabel = "FILE", description = "Release catalog (default: $RIG_CATALOG or built-in).")
    Path catalog;

    @Override
    public Integer call() {
      Console console = ctx.console();
      var resolved = new SpecAssembler().assemble(spec.inputs(), () -> Cloud.NONE);
      InstallPlan plan = InstallPlan.fresh(ctx.catalog(Optional.ofNullable(catalog)), resolved, namespace);
      console.data(plan.manifest().yaml());
      if (resolved.cloudDetected()) {
        console.info("  cloud: auto resolved to none offline; pass --set cloud=eks|aks|gke for a cloud overlay");
      }
      return 0;
    }
  }
}

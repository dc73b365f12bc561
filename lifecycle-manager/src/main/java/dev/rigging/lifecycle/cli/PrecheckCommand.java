package dev.rigging.lifecycle.cli;

import dev.rigging.lifecycle.analyze.Level;
import dev.rigging.lifecycle.analyze.Message;
import dev.rigging.lifecycle.install.InstallPlan;
import dev.rigging.lifecycle.install.Precheck;
import dev.rigging.lifecycle.kube.CloudDetector;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.kube.MeshStateReader;
import dev.rigging.lifecycle.output.Console;
import dev.rigging.lifecycle.output.Format;
import dev.rigging.lifecycle.spec.SpecAssembler;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rig precheck}: would installing (or upgrading to) this spec be safe? Exit 1 on any error. */
@Command(name = "precheck", description = {"Check that installing or upgrading with these settings is safe.",
    "Checks the Kubernetes version, CRD compatibility, webhook targets, permissions (SelfSubjectAccessReview)",
    "and upstream Istio. Changes nothing; exits 1 on any error."})
public class PrecheckCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin SpecOptions spec;
  @Mixin OutputOption output;
  @Mixin HelpOption help;
  @Inject RigContext ctx;

  @Option(names = "--catalog", paramLabel = "FILE", description = "Release catalog (default: $RIG_CATALOG or built-in).")
  Path catalog;

  @Override
  public Integer call() {
    Console console = ctx.console();
    Format format = output.format();
    var cat = ctx.catalog(Optional.ofNullable(catalog));
    try (Cluster c = Cluster.connect(cluster.ref())) {
      var resolved = new SpecAssembler().assemble(spec.inputs(), () -> CloudDetector.detect(c));
      InstallPlan plan = InstallPlan.of(cat, resolved, cluster.namespace(), MeshStateReader.read(c, cluster.namespace()));
      List<Message> findings = Precheck.run(c, plan, false, ctx.today());
      Messages.print(console, format, findings, Level.INFO);
      if (Precheck.hasErrors(findings)) {
        console.info("✘ Precheck found errors: installing Rigging " + plan.target().version().version()
            + " (revision " + plan.target().revision() + ") into " + c.context() + " is not safe");
        return 1;
      }
      console.info("✔ No issues found when checking the cluster. Rigging " + plan.target().version().version()
          + " is safe to install or upgrade!");
      return 0;
    }
  }
}

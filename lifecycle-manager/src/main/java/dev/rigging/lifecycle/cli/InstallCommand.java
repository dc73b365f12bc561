package dev.rigging.lifecycle.cli;

import dev.rigging.lifecycle.analyze.Level;
import dev.rigging.lifecycle.analyze.Message;
import dev.rigging.lifecycle.catalog.Catalog;
import dev.rigging.lifecycle.errors.FailureException;
import dev.rigging.lifecycle.install.InstallPlan;
import dev.rigging.lifecycle.install.Installer;
import dev.rigging.lifecycle.install.Precheck;
import dev.rigging.lifecycle.kube.Applier;
import dev.rigging.lifecycle.kube.CloudDetector;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.kube.MeshStateReader;
import dev.rigging.lifecycle.output.Console;
import dev.rigging.lifecycle.output.Progress;
import dev.rigging.lifecycle.spec.ResolvedSpec;
import dev.rigging.lifecycle.spec.SpecAssembler;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rig install}: precheck, then apply a revision and wait until it is ready. */
@Command(name = "install", description = {"Install a Rigging control-plane revision and its gateways.",
    "Runs the precheck first; applies with server-side apply in dependency order and waits for readiness.",
    "Installing an existing revision again changes only what differs."})
public class InstallCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin SpecOptions spec;
  @Mixin ApplyOptions apply;
  @Mixin HelpOption help;
  @Inject RigContext ctx;

  @Override
  public Integer call() {
    Console console = ctx.console();
    Catalog catalog = ctx.catalog(apply.catalog());
    try (Cluster c = Cluster.connect(cluster.ref()); Progress progress = Progress.on(console)) {
      ResolvedSpec resolved = new SpecAssembler().assemble(spec.inputs(), () -> CloudDetector.detect(c));
      InstallPlan plan = InstallPlan.of(catalog, resolved, cluster.namespace(), MeshStateReader.read(c, cluster.namespace()));
      List<Message> findings = Precheck.run(c, plan, apply.force, ctx.today());
      Messages.note(console, findings, Level.INFO);
      if (Precheck.hasErrors(findings)) {
        throw new FailureException("precheck failed (see the errors above); nothing was applied");
      }
      String what = "Rigging " + plan.target().version().version() + " (" + plan.target().flavour() + ", profile "
          + resolved.spec().profile() + ", revision " + plan.target().revision() + ", cloud " + resolved.cloud().id()
          + ")";
      Installer installer = new Installer(c, apply.install(ctx.poll()), progress);
      if (apply.dryRun) {
        long n = ChangeReport.dryRun(console, installer.install(plan));
        progress.ok("Dry run of installing " + what + ": " + n + " objects would change; nothing was written");
        return 0;
      }
      Confirmation.require(console, apply.yes, "This will install " + what + " into cluster " + c.context() + ".");
      List<Applier.Applied> applied = ctx.audit(apply.auditLog()).record(c, "install", Map.of(
          "revision", plan.target().revision(), "version", plan.target().version().version().toString(),
          "profile", resolved.spec().profile()), () -> installer.install(plan));
      long n = ChangeReport.changed(applied);
      progress.ok(n == 0 ? "Installation complete: no changes, the cluster already matches " + what
          : "Installation complete: " + what);
      return 0;
    }
  }
}

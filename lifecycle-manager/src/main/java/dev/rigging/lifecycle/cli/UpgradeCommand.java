package dev.rigging.lifecycle.cli;

import dev.rigging.lifecycle.analyze.Level;
import dev.rigging.lifecycle.errors.FailureException;
import dev.rigging.lifecycle.install.Precheck;
import dev.rigging.lifecycle.install.Upgrader;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.output.Console;
import dev.rigging.lifecycle.output.Progress;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rig upgrade}: precheck, upgrade a revision in place, and roll back if it does not become ready. */
@Command(name = "upgrade", description = {"Upgrade a control-plane revision in place, with automatic rollback.",
    "Its installed settings carry over; -f/--set apply on top.",
    "Runs the precheck first. If the new control plane is not ready within --readiness-timeout, the previous",
    "install is restored and the command fails. For a canary instead, use rig install --revision NEW."})
public class UpgradeCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin SpecOptions spec;
  @Mixin ApplyOptions apply;
  @Mixin HelpOption help;
  @Inject RigContext ctx;

  @Override
  public Integer call() {
    Console console = ctx.console();
    var catalog = ctx.catalog(apply.catalog());
    try (Cluster c = Cluster.connect(cluster.ref()); Progress progress = Progress.on(console)) {
      var audit = ctx.audit(apply.auditLog());
      Upgrader upgrader = new Upgrader(c, catalog, cluster.namespace(), apply.install(ctx.poll()), progress,
          apply.dryRun ? Optional.empty() : Optional.of(audit));
      Upgrader.Prepared p = upgrader.prepare(spec.revision(), spec.version(), spec.files(), spec.sets(), apply.force,
          ctx.today());
      Messages.note(console, p.precheck(), Level.INFO);
      if (Precheck.hasErrors(p.precheck())) {
        throw new FailureException("precheck failed (see the errors above); nothing was applied");
      }
      String what = "revision " + p.revision() + " from " + p.from() + " to " + p.to();
      if (apply.dryRun) {
        long n = ChangeReport.dryRun(console, upgrader.execute(p));
        progress.ok("Dry run of upgrading " + what + ": " + n + " objects would change; nothing was written");
        return 0;
      }
      Confirmation.require(console, apply.yes, "This will upgrade " + what + " in cluster " + c.context() + ".");
      audit.record(c, "upgrade", java.util.Map.of("revision", p.revision(), "from", p.from(), "to", p.to()),
          () -> upgrader.execute(p));
      progress.ok("Upgrade complete: " + what);
      return 0;
    }
  }
}

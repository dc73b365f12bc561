package dev.rigging.lifecycle.cli;

import dev.rigging.lifecycle.errors.UsageException;
import dev.rigging.lifecycle.install.Uninstaller;
import dev.rigging.lifecycle.kube.Applier;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.output.Console;
import dev.rigging.lifecycle.output.Progress;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rig uninstall --revision R | --purge}. */
@Command(name = "uninstall", description = {"Remove a revision (--revision) or everything rig installed (--purge).",
    "Refuses while namespaces, pods, gateways or tags still use the revision, unless --force.",
    "CRDs (everyone's Istio config) and the namespace are kept."})
public class UninstallCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin HelpOption help;
  @Inject RigContext ctx;

  @Option(names = {"-r", "--revision"}, paramLabel = "REV", description = "The revision to remove.")
  String revision;

  @Option(names = "--purge", description = "Remove every revision, webhook and gateway rig installed.")
  boolean purge;

  @Option(names = "--force", description = "Remove even while the revision is in use.")
  boolean force;

  @Option(names = {"-y", "--skip-confirmation"}, description = "Do not ask for confirmation.")
  boolean yes;

  @Option(names = "--dry-run", description = "Show what would be removed; change nothing.")
  boolean dryRun;

  @Option(names = "--audit-log", paramLabel = "FILE", description = "Audit log (default: $RIG_AUDIT_LOG or ~/.rig/audit.log).")
  Path auditLog;

  @Override
  public Integer call() {
    if ((revision == null) == !purge) {
      throw new UsageException("say what to remove: --revision REV, or --purge for everything (not both)");
    }
    Console console = ctx.console();
    try (Cluster c = Cluster.connect(cluster.ref()); Progress progress = Progress.on(console)) {
      c.kubernetesVersion();
      Uninstaller u = new Uninstaller(c, cluster.namespace(), progress);
      String what = purge ? "every rig object in " + cluster.namespace() : "revision " + revision;
      if (dryRun) {
        List<Applier.Applied> r = purge ? u.purge(force, true) : u.uninstallRevision(revision, force, true);
        ChangeReport.dryRun(console, r);
        return 0;
      }
      Confirmation.require(console, yes, "This will remove " + what + " from cluster " + c.context() + ".");
      ctx.audit(java.util.Optional.ofNullable(auditLog)).record(c, "uninstall",
          purge ? Map.of("purge", "true") : Map.of("revision", revision),
          () -> purge ? u.purge(force, false) : u.uninstallRevision(revision, force, false));
      return 0;
    }
  }
}

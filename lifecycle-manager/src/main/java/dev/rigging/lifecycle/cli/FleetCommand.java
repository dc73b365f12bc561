package dev.rigging.lifecycle.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rigging.lifecycle.errors.FailureException;
import dev.rigging.lifecycle.fleet.Fleet;
import dev.rigging.lifecycle.fleet.FleetFile;
import dev.rigging.lifecycle.fleet.FleetRollout;
import dev.rigging.lifecycle.fleet.FleetStatus;
import dev.rigging.lifecycle.kube.ClusterRef;
import dev.rigging.lifecycle.output.Console;
import dev.rigging.lifecycle.output.Format;
import dev.rigging.lifecycle.output.Progress;
import dev.rigging.lifecycle.output.Table;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rig fleet upgrade|status}: many clusters, in waves. */
@Command(name = "fleet", description = "Upgrade a fleet of clusters in waves (upgrade, status).",
    subcommands = {FleetCommand.Upgrade.class, FleetCommand.Status.class})
public class FleetCommand {
  @Mixin HelpOption help;

  /** {@code rig fleet upgrade --fleet FILE --to VERSION}. */
  @Command(name = "upgrade", description = {"Upgrade every cluster of the fleet in place, wave by wave. Each wave starts",
      "only when the previous one is healthy; a failure rolls the failing wave back and stops the rollout."})
  public static class Upgrade implements Callable<Integer> {
    @Mixin HelpOption help;
    @Inject RigContext ctx;
    @Option(names = "--fleet", required = true, paramLabel = "FILE", description = "The fleet file (kind: Fleet).") Path fleetFile;
    @Option(names = "--to", required = true, paramLabel = "VERSION", description = "The version to upgrade to.") String to;
    @Option(names = {"-c", "--kubeconfig"}, paramLabel = "FILE", description = "Kubeconfig for clusters that name none.")
    Path kubeconfig;
    @Option(names = "--settle", defaultValue = "30s", converter = DurationFlag.class, paramLabel = "DURATION",
        description = "Wait after a wave before its health gate (default: ${DEFAULT-VALUE}).") Duration settle;
    @Mixin ApplyOptions apply;

    @Override
    public Integer call() {
      Fleet fleet = FleetFile.read(fleetFile);
      Console console = ctx.console();
      if (apply.dryRun) {
        throw new dev.rigging.lifecycle.errors.UsageException("fleet upgrade has no --dry-run; run rig precheck"
            + " --version " + to + " against each context, or rig fleet status");
      }
      Confirmation.require(console, apply.yes, "This will upgrade the " + fleet.clusters().size() + " clusters of fleet "
          + fleet.name() + " to " + to + " in " + fleet.waves().size() + " waves.");
      try (Progress progress = Progress.on(console)) {
        FleetRollout rollout = new FleetRollout(fleet, new ClusterRef(Optional.ofNullable(kubeconfig), Optional.empty()),
            ctx.catalog(apply.catalog()), apply.install(ctx.poll()), progress, ctx.audit(apply.auditLog()), ctx.today(),
            settle);
        try {
          print(console, rollout.upgrade(to));
          progress.ok("Fleet " + fleet.name() + " upgraded to " + to);
          return 0;
        } catch (FleetRollout.FleetFailure f) {
          print(console, f.outcomes());
          throw new FailureException(f.getMessage(), f);
        }
      }
    }

    private static void print(Console console, List<FleetRollout.Outcome> outcomes) {
      Table t = new Table("CLUSTER", "WAVE", "RESULT", "DETAIL");
      outcomes.forEach(o -> t.row(o.member().name(), o.member().wave(), o.state(), o.detail()));
      console.data(t.toString());
    }
  }

  /** {@code rig fleet status --fleet FILE}. */
  @Command(name = "status", description = "Show each cluster's Kubernetes version, revisions, versions and readiness.")
  public static class Status implements Callable<Integer> {
    @Mixin OutputOption output;
    @Mixin HelpOption help;
    @Inject RigContext ctx;
    @Option(names = "--fleet", required = true, paramLabel = "FILE", description = "The fleet file (kind: Fleet).") Path fleetFile;
    @Option(names = {"-c", "--kubeconfig"}, paramLabel = "FILE", description = "Kubeconfig for clusters that name none.")
    Path kubeconfig;

    @Override
    public Integer call() {
      Format format = output.format();
      Fleet fleet = FleetFile.read(fleetFile);
      List<FleetStatus.Row> rows = FleetStatus.read(fleet, new ClusterRef(Optional.ofNullable(kubeconfig), Optional.empty()));
      if (format == Format.TABLE) {
        Table t = new Table("CLUSTER", "CONTEXT", "CLOUD", "REGION", "WAVE", "K8S", "REVISIONS", "VERSION", "READY");
        rows.forEach(r -> t.row(r.member().name(), r.member().context(), r.member().cloud(), r.member().region(),
            r.member().wave(), r.kubernetes(), r.revisions(), r.versions(), r.problem().isEmpty() ? r.ready()
                : "unreachable"));
        ctx.console().data(t.toString());
        rows.stream().filter(r -> !r.problem().isEmpty())
            .forEach(r -> ctx.console().info("  " + r.member().name() + ": " + r.problem()));
      } else {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        rows.forEach(r -> arr.addObject().put("cluster", r.member().name()).put("context", r.member().context())
            .put("cloud", r.member().cloud()).put("region", r.member().region()).put("wave", r.member().wave())
            .put("kubernetes", r.kubernetes()).put("revisions", r.revisions()).put("version", r.versions())
            .put("ready", r.ready()).put("problem", r.problem()));
        ctx.console().data(format.render(arr));
      }
      return 0;
    }
  }
}

package dev.rigging.lifecycle.fleet;

import dev.rigging.lifecycle.analyze.Level;
import dev.rigging.lifecycle.audit.AuditLog;
import dev.rigging.lifecycle.catalog.Catalog;
import dev.rigging.lifecycle.errors.FailureException;
import dev.rigging.lifecycle.install.InstallOptions;
import dev.rigging.lifecycle.install.Upgrader;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.kube.ClusterRef;
import dev.rigging.lifecycle.output.Progress;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code FleetRollout} upgrades a fleet wave by wave with the same {@link Upgrader} as
 * {@code rig upgrade} (precheck, apply, wait, automatic rollback of a cluster that does not become
 * ready). After a wave, and a settle time, every cluster of the wave must pass
 * {@link ClusterHealth}; only then does the next wave start. Any failure stops the rollout: the
 * clusters of the failing wave that were upgraded are restored to their previous install, and
 * later waves are not touched.
 */
public final class FleetRollout {
  /** Where one cluster ended up. */
  public record Outcome(Fleet.Member member, String state, String detail) {}

  private final Fleet fleet;
  private final ClusterRef defaults;
  private final Catalog catalog;
  private final InstallOptions options;
  private final Progress progress;
  private final AuditLog audit;
  private final LocalDate today;
  private final Duration settle;

  public FleetRollout(Fleet fleet, ClusterRef defaults, Catalog catalog, InstallOptions options, Progress progress,
      AuditLog audit, LocalDate today, Duration settle) {
    this.fleet = fleet;
    this.defaults = defaults;
    this.catalog = catalog;
    this.options = options;
    this.progress = progress;
    this.audit = audit;
    this.today = today;
    this.settle = settle;
  }

  private record Upgraded(Fleet.Member member, Cluster cluster, Upgrader upgrader, Upgrader.Prepared prepared) {}

  /** Upgrades every cluster to {@code version}; throws after rolling back the failing wave. */
  public List<Outcome> upgrade(String version) {
    catalog.require(version);
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    fleet.clusters().forEach(m -> outcomes.put(m.name(), new Outcome(m, "pending", "")));
    for (var wave : fleet.waves().entrySet()) {
      String names = wave.getValue().stream().map(Fleet.Member::name).collect(Collectors.joining(", "));
      progress.step("Wave " + wave.getKey() + ": upgrading " + names + " to " + version + ".");
      List<Upgraded> done = new ArrayList<>();
      Map<String, Cluster> open = new LinkedHashMap<>();
      try {
        String failure = runWave(wave.getKey(), wave.getValue(), version, done, open, outcomes);
        if (failure == null) {
          failure = gate(wave.getValue(), version, open, outcomes);
        }
        if (failure != null) {
          rollBack(done, outcomes);
          fleet.clusters().stream().filter(m -> m.wave() > wave.getKey())
              .forEach(m -> outcomes.put(m.name(), new Outcome(m, "not started", "rollout stopped in wave " + wave.getKey())));
          progress.failed("Wave " + wave.getKey() + " failed: " + failure);
          throw new FleetFailure("fleet " + fleet.name() + ": upgrade to " + version + " stopped in wave " + wave.getKey()
              + ": " + failure + "; the wave was rolled back and later waves were not started", List.copyOf(outcomes.values()));
        }
        progress.ok("Wave " + wave.getKey() + " healthy: " + names);
      } finally {
        open.values().forEach(Cluster::close);
      }
    }
    return List.copyOf(outcomes.values());
  }

  private String runWave(int wave, List<Fleet.Member> members, String version, List<Upgraded> done,
      Map<String, Cluster> open, Map<String, Outcome> outcomes) {
    for (Fleet.Member m : members) {
      try {
        Cluster c = connect(m);
        open.put(m.name(), c);
        Upgrader up = new Upgrader(c, catalog, fleet.namespace(), options, progress, Optional.of(audit));
        Upgrader.Prepared p = up.prepare(fleet.revision(), Optional.of(version), List.of(), List.of(), false, today);
        List<String> errors = p.precheck().stream().filter(x -> x.level() == Level.ERROR).map(Object::toString).toList();
        if (!errors.isEmpty()) {
          outcomes.put(m.name(), new Outcome(m, "failed", "precheck: " + String.join("; ", errors)));
          return m.name() + ": precheck failed: " + String.join("; ", errors);
        }
        if (p.from().equals(version)) {
          outcomes.put(m.name(), new Outcome(m, "upgraded", "already at " + version));
          continue;
        }
        audit.record(c, "fleet upgrade", Map.of("fleet", fleet.name(), "wave", String.valueOf(wave),
            "revision", p.revision(), "from", p.from(), "to", version), () -> up.execute(p));
        done.add(new Upgraded(m, c, up, p));
        outcomes.put(m.name(), new Outcome(m, "upgraded", p.from() + " -> " + version));
        progress.ok(m.name() + ": revision " + p.revision() + " upgraded from " + p.from() + " to " + version);
      } catch (FailureException e) {
        outcomes.put(m.name(), new Outcome(m, "failed", e.getMessage()));
        return m.name() + ": " + e.getMessage();
      }
    }
    return null;
  }

  private String gate(List<Fleet.Member> members, String version, Map<String, Cluster> open,
      Map<String, Outcome> outcomes) {
    sleep(settle);
    for (Fleet.Member m : members) {
      Cluster c = open.get(m.name());
      String revision = fleet.revision().orElseGet(() -> dev.rigging.lifecycle.kube.MeshStateReader
          .installed(c, fleet.namespace()).get(0).revision());
      List<String> problems = ClusterHealth.problems(c, fleet.namespace(), revision, version);
      if (!problems.isEmpty()) {
        outcomes.put(m.name(), new Outcome(m, "unhealthy", String.join("; ", problems)));
        return m.name() + " is unhealthy after the upgrade: " + String.join("; ", problems);
      }
    }
    return null;
  }

  private void rollBack(List<Upgraded> done, Map<String, Outcome> outcomes) {
    for (int i = done.size() - 1; i >= 0; i--) {
      Upgraded u = done.get(i);
      try {
        u.upgrader().restore(u.prepared());
        outcomes.put(u.member().name(), new Outcome(u.member(), "rolled back", "restored " + u.prepared().from()));
      } catch (FailureException e) {
        outcomes.put(u.member().name(), new Outcome(u.member(), "rollback failed", e.getMessage()));
      }
    }
  }

  private Cluster connect(Fleet.Member m) {
    Cluster c = Cluster.connect(new ClusterRef(m.kubeconfig().or(defaults::kubeconfig), Optional.of(m.context())));
    c.kubernetesVersion();
    return c;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FailureException("interrupted during the health gate");
    }
  }

  /** A stopped rollout, with where every cluster ended up. */
  public static final class FleetFailure extends RuntimeException {
    private final transient List<Outcome> outcomes;

    FleetFailure(String message, List<Outcome> outcomes) {
      super(message);
      this.outcomes = outcomes;
    }

    public List<Outcome> outcomes() {
      return outcomes;
    }
  }
}

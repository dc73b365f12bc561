package dev.rigging.lifecycle.install;

import dev.rigging.lifecycle.analyze.Message;
import dev.rigging.lifecycle.audit.AuditLog;
import dev.rigging.lifecycle.catalog.Catalog;
import dev.rigging.lifecycle.catalog.Flavour;
import dev.rigging.lifecycle.catalog.MeshVersion;
import dev.rigging.lifecycle.errors.FailureException;
import dev.rigging.lifecycle.errors.UsageException;
import dev.rigging.lifecycle.kube.Applier;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.kube.MeshStateReader;
import dev.rigging.lifecycle.output.Progress;
import dev.rigging.lifecycle.render.InstalledState;
import dev.rigging.lifecycle.spec.Cloud;
import dev.rigging.lifecycle.spec.ResolvedSpec;
import dev.rigging.lifecycle.spec.SpecAssembler;
import dev.rigging.lifecycle.webhook.MeshState;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Upgrader} upgrades one revision in place: it starts from the revision's installed spec
 * (so settings carry over), applies the new version and any {@code -f}/{@code --set} on top, runs
 * the precheck, applies, and waits. If the control plane is not ready before the readiness
 * timeout, it re-renders the recorded previous install and applies that, so the cluster is back
 * where it was, and reports the upgrade as failed.
 */
public final class Upgrader {
  private final Cluster cluster;
  private final Catalog catalog;
  private final String namespace;
  private final InstallOptions options;
  private final Progress progress;
  private final Optional<AuditLog> audit;

  public Upgrader(Cluster cluster, Catalog catalog, String namespace, InstallOptions options, Progress progress,
      Optional<AuditLog> audit) {
    this.cluster = cluster;
    this.catalog = catalog;
    this.namespace = namespace;
    this.options = options;
    this.progress = progress;
    this.audit = audit;
  }

  /** An upgrade worked out but not applied: from what, to what, and the precheck findings. */
  public record Prepared(InstalledState previous, InstallPlan plan, List<Message> precheck) {
    public String revision() {
      return previous.revision();
    }

    public String from() {
      return previous.version();
    }

    public String to() {
      return plan.target().version().version().toString();
    }
  }

  public Prepared prepare(Optional<String> revision, Optional<String> version, List<Path> files, List<String> sets,
      boolean allowDowngrade, LocalDate today) {
    MeshState state = MeshStateReader.read(cluster, namespace);
    String rev = pickRevision(state, revision);
    InstalledState previous = MeshStateReader.installed(cluster, namespace, rev).orElseThrow();
    MeshVersion prevVersion = catalog.find(dev.rigging.lifecycle.catalog.SemVer.parse(previous.version()).orElseThrow())
        .orElseThrow(() -> new FailureException("revision " + rev + " runs " + previous.version()
            + ", which is not in catalog " + catalog.source() + "; rig could not roll back to it, so it will not"
            + " upgrade it (add the version to a catalog file and pass --catalog)"));
    MeshVersion target = version.map(catalog::require).orElseGet(() -> catalog.latest(Flavour.of(previous.flavour())));
    if (target.version().compareTo(prevVersion.version()) < 0 && !allowDowngrade) {
      throw new UsageException("revision " + rev + " runs " + prevVersion.version() + "; " + target.version()
          + " is older. Canary the older version with rig install --revision NAME --version " + target.version()
          + ", or pass --force to downgrade in place");
    }
    ResolvedSpec spec = new SpecAssembler().assemble(new SpecAssembler.Inputs(files, sets, Optional.of(rev),
        Optional.of(target.version().toString()), Optional.of(previous.spec())), () -> Cloud.of(previous.cloud()));
    InstallPlan plan = InstallPlan.of(catalog, spec, namespace, state);
    return new Prepared(previous, plan, Precheck.run(cluster, plan, options.takeOver(), today));
  }

  /** Applies a prepared upgrade; rolls back and fails if the new control plane is not ready in time. */
  public List<Applier.Applied> execute(Prepared p) {
    try {
      return new Installer(cluster, options, progress).install(p.plan());
    } catch (FailureException e) {
      if (options.dryRun()) {
        throw e;
      }
      try {
        restore(p);
      } catch (FailureException rollback) {
        throw new FailureException("upgrade of revision " + p.revision() + " to " + p.to() + " failed (" + e.getMessage()
            + ") and restoring " + p.from() + " failed too (" + rollback.getMessage() + ")", e);
      }
      throw new FailureException("upgrade of revision " + p.revision() + " to " + p.to() + " failed: " + e.getMessage()
          + "; revision " + p.revision() + " was restored to " + p.from(), e);
    }
  }

  /**
   * Re-renders and applies the install recorded before {@code p}, and waits for it: the rollback
   * of a failed upgrade, and of a fleet wave whose health gate failed. Audited as {@code rollback}.
   */
  public void restore(Prepared p) {
    progress.step("Restoring revision " + p.revision() + " to " + p.from() + ".");
    try {
      ResolvedSpec prevSpec = new SpecAssembler().assemble(new SpecAssembler.Inputs(List.of(), List.of(),
          Optional.of(p.revision()), Optional.of(p.from()), Optional.of(p.previous().spec())),
          () -> Cloud.of(p.previous().cloud()));
      new Installer(cluster, options, progress).install(
          InstallPlan.of(catalog, prevSpec, namespace, MeshStateReader.read(cluster, namespace)));
    } catch (FailureException rollback) {
      audit.ifPresent(a -> a.append(cluster, "rollback", details(p), "failure", rollback.getMessage()));
      throw rollback;
    }
    audit.ifPresent(a -> a.append(cluster, "rollback", details(p), "success", null));
    progress.ok("Rolled back revision " + p.revision() + " to " + p.from());
  }

  static Map<String, String> details(Prepared p) {
    return Map.of("revision", p.revision(), "from", p.from(), "to", p.to());
  }

  private static String pickRevision(MeshState state, Optional<String> revision) {
    if (state.revisions().isEmpty()) {
      throw new FailureException("nothing to upgrade: rig has not installed Rigging here; use rig install");
    }
    if (revision.isPresent()) {
      if (!state.revisions().containsKey(revision.get())) {
        throw new UsageException("revision \"" + revision.get() + "\" is not installed; installed: "
            + String.join(", ", state.revisions().keySet()));
      }
      return revision.get();
    }
    if (state.revisions().size() > 1) {
      throw new UsageException("several revisions are installed (" + String.join(", ", state.revisions().keySet())
          + "); choose one with -r");
    }
    return state.revisions().keySet().iterator().next();
  }
}

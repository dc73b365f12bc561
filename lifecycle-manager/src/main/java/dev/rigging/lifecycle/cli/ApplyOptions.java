package dev.rigging.lifecycle.cli;

import dev.rigging.lifecycle.install.InstallOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code ApplyOptions} are the flags of commands that change a cluster. */
public class ApplyOptions {
  @Option(names = {"-y", "--skip-confirmation"}, description = "Do not ask for confirmation (required when not on a terminal).")
  boolean yes;

  @Option(names = "--dry-run", description = "Show what would change; write nothing.")
  boolean dryRun;

  @Option(names = "--readiness-timeout", paramLabel = "DURATION", defaultValue = "300s",
      converter = DurationFlag.class, description = "How long to wait for readiness (default: ${DEFAULT-VALUE}).")
  Duration readinessTimeout;

  @Option(names = "--force", description = "Proceed despite usage by workloads, or take over objects rig does not own.")
  boolean force;

  @Option(names = "--audit-log", paramLabel = "FILE", description = "Audit log (default: $RIG_AUDIT_LOG or ~/.rig/audit.log).")
  Path auditLog;

  @Option(names = "--catalog", paramLabel = "FILE", description = "Release catalog (default: $RIG_CATALOG or built-in).")
  Path catalog;

  public InstallOptions install(Duration poll) {
    return new InstallOptions(readinessTimeout, poll, dryRun, force);
  }

  public Optional<Path> auditLog() {
    return Optional.ofNullable(auditLog);
  }

  public Optional<Path> catalog() {
    return Optional.ofNullable(catalog);
  }
}

package dev.rigging.lifecycle.install;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code InstallOptions} are the knobs of applying: the readiness timeout, how often to poll, a dry
 * run (read the cluster, write nothing), and {@code takeOver} (apply even over objects rig does not
 * own, {@code --force}).
 */
public record InstallOptions(Duration readinessTimeout, Duration poll, boolean dryRun, boolean takeOver) {
  public InstallOptions {
    Objects.requireNonNull(readinessTimeout, "readinessTimeout");
    Objects.requireNonNull(poll, "poll");
  }
}

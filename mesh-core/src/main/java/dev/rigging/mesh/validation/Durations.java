package dev.rigging.mesh.validation;

import dev.rigging.mesh.config.GoDuration;
import java.time.Duration;

/**
 * {@code Durations} applies Istio's duration rule: at least 1ms, in whole milliseconds (Envoy
 * timers have millisecond resolution, so finer values would be silently rounded).
 */
final class Durations {
  private Durations() {}

  static void check(Issues issues, String field, Duration d) {
    issues.errorIfPresent(field, problem(d));
  }

  static String problem(Duration d) {
    if (d == null) {
      return null;
    }
    if (d.compareTo(Duration.ofMillis(1)) < 0) {
      return "duration " + GoDuration.format(d) + " is too short; must be at least 1ms";
    }
    if (d.getNano() % 1_000_000 != 0) {
      return "duration " + GoDuration.format(d) + " is finer than a millisecond; use whole milliseconds, e.g. "
          + GoDuration.format(Duration.ofMillis(d.toMillis()));
    }
    return null;
  }
}

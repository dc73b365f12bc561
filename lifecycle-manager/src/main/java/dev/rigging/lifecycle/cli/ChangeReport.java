package dev.rigging.lifecycle.cli;

import dev.rigging.lifecycle.kube.Applier;
import dev.rigging.lifecycle.output.Console;
import java.util.List;

/** {@code ChangeReport} prints what an apply changed: every change in a dry run (stdout), a count otherwise. */
final class ChangeReport {
  private ChangeReport() {}

  static long changed(List<Applier.Applied> applied) {
    return applied.stream().filter(a -> a.change() != Applier.Change.UNCHANGED).count();
  }

  /** In a dry run, lists each change as data; returns the number of changes. */
  static long dryRun(Console console, List<Applier.Applied> applied) {
    applied.stream().filter(a -> a.change() != Applier.Change.UNCHANGED)
        .forEach(a -> console.data(a.describe() + " (dry run)"));
    return changed(applied);
  }
}

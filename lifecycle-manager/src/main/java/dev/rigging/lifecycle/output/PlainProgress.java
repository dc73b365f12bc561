package dev.rigging.lifecycle.output;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

/** {@code PlainProgress} prints each change once, one line each: for CI logs and pipes. */
final class PlainProgress implements Progress {
  private final PrintStream err;
  private final Set<String> stepsSeen = new HashSet<>();

  PlainProgress(PrintStream err) {
    this.err = err;
  }

  @Override
  public void step(String text) {
    if (stepsSeen.add(text)) {
      line("- " + text);
    }
  }

  @Override
  public void ok(String text) {
    line("✔ " + text);
  }

  @Override
  public void failed(String text) {
    line("✘ " + text);
  }

  @Override
  public void note(String text) {
    line("  " + text);
  }

  private void line(String s) {
    err.println(s);
    err.flush();
  }

  @Override
  public void close() {}
}

package dev.rigging.lifecycle.output;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code SpinnerProgress} draws the current step as a spinner line on a terminal and replaces it
 * with the result line when the step ends.
 */
final class SpinnerProgress implements Progress {
  private static final String FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
  private final PrintStream err;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "rig-spinner");
    t.setDaemon(true);
    return t;
  });
  private String current;
  private int frame;

  SpinnerProgress(PrintStream err) {
    this.err = err;
    ticker.scheduleAtFixedRate(this::draw, 100, 100, TimeUnit.MILLISECONDS);
  }

  private synchronized void draw() {
    if (current != null) {
      err.print("\r\033[K" + FRAMES.charAt(frame++ % FRAMES.length()) + " " + current);
      err.flush();
    }
  }

  @Override
  public synchronized void step(String text) {
    current = text;
    draw();
  }

  @Override
  public synchronized void ok(String text) {
    finish("✔ " + text);
  }

  @Override
  public synchronized void failed(String text) {
    finish("✘ " + text);
  }

  @Override
  public synchronized void note(String text) {
    String keep = current;
    finish("  " + text);
    current = keep;
  }

  private void finish(String line) {
    err.print("\r\033[K" + line + "\n");
    err.flush();
    current = null;
  }

  @Override
  public synchronized void close() {
    ticker.shutdownNow();
    if (current != null) {
      err.print("\r\033[K");
      err.flush();
      current = null;
    }
  }
}

package dev.rigging.lifecycle.output;

import java.io.PrintStream;
import java.util.Objects;

/**
 * {@code Console} separates what rig prints: data (manifests, tables, JSON) to stdout so it can be
 * piped, chatter and progress to stderr. {@code interactive} is true only on a terminal outside CI,
 * and decides whether rig may draw a spinner or ask for confirmation.
 */
public final class Console {
  private final PrintStream out;
  private final PrintStream err;
  private final boolean interactive;

  public Console(PrintStream out, PrintStream err, boolean interactive) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.interactive = interactive;
  }

  /** The process's streams; interactive when a terminal is attached, {@code TERM} is not dumb and {@code CI} is unset. */
  public static Console system() {
    boolean tty = System.console() != null && !"dumb".equals(System.getenv("TERM")) && System.getenv("CI") == null;
    return new Console(System.out, System.err, tty);
  }

  /** Writes data (stdout). */
  public void data(String text) {
    out.print(text.endsWith("\n") ? text : text + "\n");
    out.flush();
  }

  /** Writes a line of chatter (stderr). */
  public void info(String line) {
    err.println(line);
    err.flush();
  }

  public PrintStream err() {
    return err;
  }

  public boolean interactive() {
    return interactive;
  }
}

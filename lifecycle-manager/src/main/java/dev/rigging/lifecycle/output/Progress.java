package dev.rigging.lifecycle.output;

/**
 * {@code Progress} reports per-component progress on stderr as istioctl does
 * ({@code ✔ Istiod installed}, {@code ✘ Istiod encountered an error: …}). On a terminal the
 * current step is a spinner line that is replaced; elsewhere (CI, pipes) every change is printed
 * once as a plain line and nothing is redrawn.
 */
public interface Progress extends AutoCloseable {
  /** A step has started (spinner on a terminal; one "- text" line elsewhere). */
  void step(String text);

  /** The current step succeeded. */
  void ok(String text);

  /** The current step failed. */
  void failed(String text);

  /** A note that is not a step (warnings, hints). */
  void note(String text);

  @Override
  void close();

  /** The progress reporter suited to {@code console}. */
  static Progress on(Console console) {
    return console.interactive() ? new SpinnerProgress(console.err()) : new PlainProgress(console.err());
  }
}

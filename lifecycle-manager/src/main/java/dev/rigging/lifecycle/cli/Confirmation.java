package dev.rigging.lifecycle.cli;

import dev.rigging.lifecycle.errors.FailureException;
import dev.rigging.lifecycle.errors.UsageException;
import dev.rigging.lifecycle.output.Console;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * {@code Confirmation} asks before a change, as istioctl does ("Proceed? (y/N)"). With {@code -y}
 * it does not ask; without a terminal it cannot ask and refuses, so a script never changes a
 * cluster by accident.
 */
final class Confirmation {
  private Confirmation() {}

  static void require(Console console, boolean yes, String question) {
    if (yes) {
      return;
    }
    if (!console.interactive()) {
      throw new UsageException(question + " — not asking without a terminal; pass -y to confirm");
    }
    console.err().print(question + " Proceed? (y/N) ");
    console.err().flush();
    try {
      String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (answer == null || !(answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
        throw new FailureException("cancelled; nothing was changed");
      }
    } catch (IOException e) {
      throw new FailureException("cannot read the answer: " + e.getMessage(), e);
    }
  }
}

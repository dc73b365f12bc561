package dev.rigging.lifecycle.analyze;

import dev.rigging.lifecycle.errors.UsageException;

/** {@code Level} is a message severity, ordered as istioctl orders them. */
public enum Level {
  INFO("Info"),
  WARNING("Warning"),
  ERROR("Error");

  private final String display;

  Level(String display) {
    this.display = display;
  }

  public String display() {
    return display;
  }

  /** Parses istioctl's threshold names ({@code Info}, {@code Warning}, {@code Error}, any case). */
  public static Level of(String text) {
    for (Level l : values()) {
      if (l.display.equalsIgnoreCase(text)) {
        return l;
      }
    }
    throw new UsageException("unknown level \"" + text + "\"; valid: Info, Warning, Error");
  }
}

package dev.rigging.lifecycle.spec;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code LogLevels} maps Istio's log level syntax ({@code values.global.logging.level}, e.g.
 * {@code default:info}) to istiod-lite's Quarkus log level. istiod-lite has one logging scope, so
 * only {@code default:LEVEL} is meaningful.
 */
public final class LogLevels {
  private static final Pattern FORMAT = Pattern.compile("default:(debug|info|warn|error|none)");
  private static final Map<String, String> QUARKUS = Map.of(
      "debug", "DEBUG", "info", "INFO", "warn", "WARN", "error", "ERROR", "none", "OFF");

  private LogLevels() {}

  /** The problem with {@code level}, if any. */
  public static Optional<String> problem(String level) {
    if (level != null && FORMAT.matcher(level).matches()) {
      return Optional.empty();
    }
    return Optional.of("values.global.logging.level: \"" + level
        + "\"; istiod-lite has one scope: use default:debug, default:info, default:warn, default:error or default:none");
  }

  public static String quarkusLevel(String level) {
    Matcher m = FORMAT.matcher(level);
    if (!m.matches()) {
      throw new IllegalArgumentException(problem(level).orElseThrow());
    }
    return QUARKUS.get(m.group(1));
  }
}

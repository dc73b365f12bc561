package dev.rigging.lifecycle.cli;

import dev.rigging.mesh.config.GoDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code DurationFlag} reads durations as istioctl does, in Go syntax ({@code 300s}, {@code 5m},
 * {@code 1m30s}); a bare number is seconds.
 */
public class DurationFlag implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      if (value.matches("\\d+")) {
        return Duration.ofSeconds(Long.parseLong(value));
      }
      Duration d = GoDuration.parse(value);
      if (d.isNegative() || d.isZero()) {
        throw new TypeConversionException("\"" + value + "\" must be positive");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("\"" + value + "\" is not a duration; use e.g. 300s, 5m or 1m30s");
    }
  }
}

package dev.rigging.mesh.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GoDuration} parses and prints durations in Go's syntax ({@code 1h2m3.5s}, {@code 100ms}),
 * the syntax Istio's YAML uses for protobuf durations.
 */
public final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  private GoDuration() {}

  /** Parses {@code text}; throws {@link IllegalArgumentException} naming the accepted syntax. */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration; expected a duration such as 10s, 1.5s, 100ms or 1m");
    }
    String s = text.trim();
    boolean negative = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      negative = s.startsWith("-");
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(s);
    int pos = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (pos < s.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new IllegalArgumentException(
            "invalid duration \"" + text + "\"; expected a duration such as 10s, 1.5s, 100ms or 1m");
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
      pos = m.end();
    }
    BigDecimal[] secs = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
    Duration d = Duration.ofSeconds(secs[0].longValueExact(), secs[1].longValue());
    return negative ? d.negated() : d;
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw new IllegalArgumentException("unit " + unit);
    };
  }

  /** Formats like protobuf JSON does: seconds with up to nine fractional digits, e.g. {@code 1.5s}. */
  public static String format(Duration d) {
    if (d.getNano() == 0) {
      return d.getSeconds() + "s";
    }
    BigDecimal secs = new BigDecimal(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
    return secs.stripTrailingZeros().toPlainString() + "s";
  }
}

package dev.rigging.ca.crypto;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code FipsMetrics} exports {@code rigging_fips_mode}: 1 when the process is a FIPS variant whose
 * start-up self-check passed ({@link FipsStartup.FipsMode#active()}), 0 otherwise (standard flavour,
 * or an entry point that did not run the check). A FIPS variant whose check fails never gets as far
 * as exporting anything, so an alert on {@code rigging_fips_mode == 0} finds standard builds that
 * slipped into a regulated fleet.
 */
public final class FipsMetrics {
  /** The gauge's name, as scraped. */
  public static final String GAUGE = "rigging_fips_mode";

  private FipsMetrics() {}

  /** Registers the gauge in {@code registry}. */
  public static void register(MeterRegistry registry) {
    Gauge.builder(GAUGE, () -> FipsStartup.mode().map(FipsStartup.FipsMode::active).orElse(false) ? 1 : 0)
        .description("1 when this process runs as a FIPS variant whose start-up self-check passed, 0 otherwise.")
        .register(registry);
  }
}

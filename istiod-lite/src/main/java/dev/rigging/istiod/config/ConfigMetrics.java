package dev.rigging.istiod.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ConfigMetrics} counts rejected user config so that a bad file or object is visible on
 * {@code /metrics}, not only in the log.
 *
 * <p>{@code rigging_config_rejections} counts every rejection (by source: {@code file} or
 * {@code kubernetes}); {@code rigging_config_invalid} is the number of inputs rejected right now
 * (files in file mode, objects in Kubernetes mode), so it returns to 0 once they are fixed.
 */
public final class ConfigMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> invalid = new ConcurrentHashMap<>();

  public ConfigMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** One input from {@code source} was rejected. */
  public void rejected(String source) {
    registry.counter("rigging_config_rejections", "source", source).increment();
  }

  /** Sets how many inputs of {@code source} are currently rejected. */
  public void invalidNow(String source, int count) {
    invalid.computeIfAbsent(source, s -> {
      AtomicInteger a = new AtomicInteger();
      registry.gauge("rigging_config_invalid", java.util.List.of(io.micrometer.core.instrument.Tag.of("source", s)), a);
      return a;
    }).set(count);
  }
}

package dev.rigging.istiod.xds;

import io.envoyproxy.controlplane.cache.Resources;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * {@code XdsMetrics} exports the control-plane metrics under istiod's names, so existing Istio
 * dashboards and alerts work unchanged.
 *
 * <p>istiod exposes its counters without the {@code _total} suffix ({@code pilot_xds_pushes},
 * {@code pilot_total_xds_rejects}); Micrometer's Prometheus counters always gain that suffix. These
 * are therefore exported as monotonic gauges under the exact Istio name: {@code rate()} and
 * {@code increase()} behave the same on them. Histograms keep Istio's bucket bounds (seconds).
 */
public final class XdsMetrics {
  private static final double[] PUSH_TIME_BUCKETS = {.01, .1, 1, 3, 5, 10, 20, 30};
  private static final double[] CONVERGENCE_BUCKETS = {.1, .5, 1, 3, 5, 10, 20, 30};

  private final MeterRegistry registry;
  private final AtomicInteger connections = new AtomicInteger();
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, DistributionSummary> pushTimes = new ConcurrentHashMap<>();
  private final DistributionSummary convergence;

  public XdsMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    Gauge.builder("pilot_xds", connections, AtomicInteger::get)
        .description("Number of endpoints connected to this pilot using XDS.").register(registry);
    convergence = DistributionSummary.builder("pilot_proxy_convergence_time")
        .description("Delay in seconds between config change and a proxy receiving all required configuration.")
        .serviceLevelObjectives(CONVERGENCE_BUCKETS).register(registry);
  }

  /** Registers a gauge reading {@code value} (e.g. {@code pilot_services}). */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  void connected() {
    connections.incrementAndGet();
  }

  void disconnected() {
    connections.decrementAndGet();
  }

  /** A response of {@code typeUrl} was sent to a proxy, {@code seconds} after its push began. */
  void pushed(String typeUrl, double seconds) {
    String type = shortType(typeUrl);
    counter("pilot_xds_pushes", "Pilot build and send errors for lds, rds, cds and eds.", type).increment();
    pushTimes.computeIfAbsent(type, t -> DistributionSummary.builder("pilot_xds_push_time")
        .description("Total time in seconds Pilot takes to push lds, rds, cds and eds.")
        .tag("type", t).serviceLevelObjectives(PUSH_TIME_BUCKETS).register(registry)).record(seconds);
  }

  /** A proxy rejected a response of {@code typeUrl}. */
  void rejected(String typeUrl) {
    counter("pilot_total_xds_rejects", "Total number of XDS responses from pilot rejected by proxy.",
        shortType(typeUrl)).increment();
  }

  /** A proxy ACKed config {@code seconds} after the change that caused it. */
  void converged(double seconds) {
    convergence.record(seconds);
  }

  /** A push was triggered by a change of {@code type} (config, service, endpoint, proxy…). */
  public void trigger(String type) {
    counter("pilot_push_triggers", "Total number of times a push was triggered, labeled by reason for the push.",
        type).increment();
  }

  private LongAdder counter(String name, String description, String type) {
    return counters.computeIfAbsent(name + "|" + type, k -> {
      LongAdder adder = new LongAdder();
      Gauge.builder(name, adder, LongAdder::doubleValue).description(description).tag("type", type)
          .register(registry);
      return adder;
    });
  }

  /** Istio's short type label for a type URL: cds, eds, lds, rds, sds. */
  static String shortType(String typeUrl) {
    return switch (typeUrl) {
      case Resources.V3.CLUSTER_TYPE_URL -> "cds";
      case Resources.V3.ENDPOINT_TYPE_URL -> "eds";
      case Resources.V3.LISTENER_TYPE_URL -> "lds";
      case Resources.V3.ROUTE_TYPE_URL -> "rds";
      case Resources.V3.SECRET_TYPE_URL -> "sds";
      default -> typeUrl.substring(typeUrl.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
    };
  }
}

package dev.rigging.ca.service;

import dev.rigging.ca.CaException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * {@code CaMetrics} exports the CA's metrics under Istio's (Citadel's) names, so existing
 * dashboards and alerts work unchanged:
 *
 * <ul>
 *   <li>{@code citadel_server_csr_count}: requests received;
 *   <li>{@code citadel_server_authentication_failure_count}: callers refused authentication;
 *   <li>{@code citadel_server_csr_parsing_err_count}: CSRs that did not parse or whose signature did not verify;
 *   <li>{@code citadel_server_csr_sign_err_count{error}}: refused or failed signings, by Istio's error
 *       type ({@code CSR_ERROR} for keys or algorithms FIPS does not allow, {@code TTL_ERROR},
 *       {@code CERT_GEN_ERROR}, {@code CA_NOT_READY});
 *   <li>{@code citadel_server_success_cert_issuance_count}: certificates issued;
 *   <li>{@code citadel_server_root_cert_expiry_timestamp}: when the active root expires (Unix seconds).
 * </ul>
 *
 * <p>Istio exports its counters without the {@code _total} suffix that Micrometer's Prometheus
 * counters always add, so they are monotonic gauges under the exact names, as in istiod-lite's
 * {@code XdsMetrics}; {@code rate()} and {@code increase()} work on them unchanged.
 */
public final class CaMetrics {
  private final MeterRegistry registry;
  private final LongAdder requests;
  private final LongAdder authenticationFailures;
  private final LongAdder parsingErrors;
  private final LongAdder successes;
  private final Map<String, LongAdder> signErrors = new ConcurrentHashMap<>();

  public CaMetrics(MeterRegistry registry, Supplier<X509Certificate> activeRoot) {
    this.registry = Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(activeRoot, "activeRoot");
    requests = counter("citadel_server_csr_count", "The number of CSRs received by Citadel server.");
    authenticationFailures = counter("citadel_server_authentication_failure_count", "The number of authentication failures.");
    parsingErrors = counter("citadel_server_csr_parsing_err_count", "The number of errors occurred when parsing the CSR.");
    successes = counter("citadel_server_success_cert_issuance_count", "The number of certificates issuances that have succeeded.");
    Gauge.builder("citadel_server_root_cert_expiry_timestamp", () -> activeRoot.get().getNotAfter().getTime() / 1000.0)
        .description("The unix timestamp, in seconds, when Citadel root cert will expire.").register(registry);
  }

  void requestReceived() {
    requests.increment();
  }

  void authenticationFailed() {
    authenticationFailures.increment();
  }

  void issued() {
    successes.increment();
  }

  /** Counts a refused or failed signing under the metric its reason belongs to. */
  void signingFailed(CaException.Reason reason) {
    if (reason == CaException.Reason.CSR_PARSE_ERROR) {
      parsingErrors.increment();
      return;
    }
    signErrors.computeIfAbsent(reason.name(), error -> {
      LongAdder adder = new LongAdder();
      Gauge.builder("citadel_server_csr_sign_err_count", adder, LongAdder::doubleValue)
          .description("The number of errors occurred when signing the CSR.").tag("error", error).register(registry);
      return adder;
    }).increment();
  }

  private LongAdder counter(String name, String description) {
    LongAdder adder = new LongAdder();
    Gauge.builder(name, adder, LongAdder::doubleValue).description(description).register(registry);
    return adder;
  }
}

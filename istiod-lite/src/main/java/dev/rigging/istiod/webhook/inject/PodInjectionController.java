package dev.rigging.istiod.webhook.inject;

import dev.rigging.istiod.webhook.AdmissionController;
import dev.rigging.istiod.webhook.AdmissionRequest;
import dev.rigging.istiod.webhook.AdmissionResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * {@code PodInjectionController} is {@code /inject}: it answers pod CREATE requests with the
 * {@link PodInjector}'s patch, lets everything else through unchanged, and refuses pods whose
 * injection annotations are unusable (the API server then fails the pod, because rig renders the
 * injector with {@code failurePolicy: Fail}, as Istio does). Outcomes are counted under istiod's
 * metric names.
 */
public final class PodInjectionController implements AdmissionController {
  private static final Logger LOG = Logger.getLogger(PodInjectionController.class);

  private final PodInjector injector;
  private final Counter requests;
  private final Counter successes;
  private final Counter skips;
  private final Counter failures;

  public PodInjectionController(PodInjector injector, MeterRegistry registry) {
    this.injector = Objects.requireNonNull(injector, "injector");
    this.requests = Counter.builder("sidecar_injection_requests").description("Total number of sidecar injection requests.")
        .register(registry);
    this.successes = Counter.builder("sidecar_injection_success").description("Total number of successful sidecar injection requests.")
        .register(registry);
    this.skips = Counter.builder("sidecar_injection_skip").description("Total number of skipped sidecar injection requests.")
        .register(registry);
    this.failures = Counter.builder("sidecar_injection_failure").description("Total number of failed sidecar injection requests.")
        .register(registry);
  }

  @Override
  public AdmissionResponse admit(AdmissionRequest request) {
    if (!request.kind().equals("Pod") || !request.group().isEmpty() || !request.operation().equals("CREATE")) {
      return AdmissionResponse.allow();
    }
    requests.increment();
    if (request.object() == null) {
      failures.increment();
      return AdmissionResponse.deny(400, "pod CREATE request without an object");
    }
    String pod = request.namespace() + "/" + podName(request);
    InjectionOutcome outcome = injector.inject(request.object(), request.namespace());
    if (outcome instanceof InjectionOutcome.Injected injected) {
      successes.increment();
      LOG.infof("inject pod=%s template=%s operations=%d%s", pod, injected.templates(), injected.patch().size(),
          request.dryRun() ? " (dry run)" : "");
      return AdmissionResponse.patch(injected.patch());
    }
    if (outcome instanceof InjectionOutcome.Skipped skipped) {
      skips.increment();
      LOG.debugf("inject pod=%s skipped: %s", pod, skipped.reason());
      return skipped.warn() ? AdmissionResponse.allowWithWarnings(List.of("istiod-lite: " + skipped.reason()))
          : AdmissionResponse.allow();
    }
    InjectionOutcome.Failed failed = (InjectionOutcome.Failed) outcome;
    failures.increment();
    LOG.warnf("inject pod=%s refused: %s", pod, failed.message());
    return AdmissionResponse.deny(400, failed.message());
  }

  private static String podName(AdmissionRequest request) {
    var meta = request.object() == null ? null : request.object().path("metadata");
    if (meta != null && !meta.path("name").asText("").isEmpty()) {
      return meta.path("name").asText();
    }
    return meta != null && !meta.path("generateName").asText("").isEmpty()
        ? meta.path("generateName").asText() + "*" : request.name();
  }
}

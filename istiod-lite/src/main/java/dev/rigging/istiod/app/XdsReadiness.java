package dev.rigging.istiod.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code XdsReadiness} reports ready only once the config source has synced and the first push is
 * done, so no proxy is ever served an empty mesh by a control plane that just started.
 */
@Readiness
@ApplicationScoped
public class XdsReadiness implements HealthCheck {
  @Inject ControlPlane controlPlane;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("xds")
        .status(controlPlane.ready())
        .withData("source", controlPlane.source().describe())
        .withData("synced", controlPlane.source().synced())
        .withData("pushes", controlPlane.xds().pushes())
        .withData("connections", controlPlane.xds().connections().size())
        .build();
  }
}

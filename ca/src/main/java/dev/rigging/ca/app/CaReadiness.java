package dev.rigging.ca.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code CaReadiness} reports ready once the CA has its keys and its gRPC servers listen. */
@Readiness
@ApplicationScoped
public class CaReadiness implements HealthCheck {
  @Inject CaServer server;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("ca").status(server.ready()).build();
  }
}

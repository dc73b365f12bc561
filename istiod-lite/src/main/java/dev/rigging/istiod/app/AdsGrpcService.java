package dev.rigging.istiod.app;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;

/**
 * {@code AdsGrpcService} puts java-control-plane's ADS service (state of the world and delta) on
 * the Quarkus gRPC server ({@code rigging.xds.port}, 15010 by default).
 */
@GrpcService
public class AdsGrpcService implements BindableService {
  @Inject ControlPlane controlPlane;

  @Override
  public ServerServiceDefinition bindService() {
    return controlPlane.xds().adsService().bindService();
  }
}

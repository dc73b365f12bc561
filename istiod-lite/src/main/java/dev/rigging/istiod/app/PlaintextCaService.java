package dev.rigging.istiod.app;

import dev.rigging.ca.api.IstioCertificateRequest;
import dev.rigging.ca.api.IstioCertificateResponse;
import dev.rigging.ca.api.IstioCertificateServiceGrpc;
import dev.rigging.ca.service.CallerContextInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;

/**
 * {@code PlaintextCaService} is CreateCertificate on the plaintext xDS port (15010). Istio's clients
 * use 15012 (TLS); this is off unless {@code rigging.ca.plaintext=true}, because bearer tokens would
 * cross the network unencrypted. When off it answers UNIMPLEMENTED and says where the CA is.
 */
@GrpcService
public class PlaintextCaService extends IstioCertificateServiceGrpc.IstioCertificateServiceImplBase {
  @Inject ControlPlane controlPlane;
  @Inject RiggingConfig config;

  @Override
  public ServerServiceDefinition bindService() {
    return ServerInterceptors.intercept(super.bindService(), new CallerContextInterceptor());
  }

  @Override
  public void createCertificate(IstioCertificateRequest request, StreamObserver<IstioCertificateResponse> response) {
    if (!config.ca().plaintext()) {
      response.onError(Status.UNIMPLEMENTED.withDescription("the CA is served over TLS on port "
          + config.ca().tlsPort() + "; plaintext CreateCertificate is disabled (rigging.ca.plaintext)")
          .asRuntimeException());
      return;
    }
    var ca = controlPlane.ca();
    if (ca == null) {
      response.onError(Status.UNAVAILABLE.withDescription("CA starting").asRuntimeException());
      return;
    }
    ca.runtime().service().createCertificate(request, response);
  }
}

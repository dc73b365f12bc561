package dev.rigging.ca.service;

import dev.rigging.ca.CaException;
import dev.rigging.ca.CertificateAuthority;
import dev.rigging.ca.IssuedChain;
import dev.rigging.ca.api.IstioCertificateRequest;
import dev.rigging.ca.api.IstioCertificateResponse;
import dev.rigging.ca.api.IstioCertificateServiceGrpc;
import dev.rigging.ca.auth.AuthResult;
import dev.rigging.ca.auth.Authenticator;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * {@code IstioCertificateServiceImpl} serves {@code /istio.v1.auth.IstioCertificateService/CreateCertificate}:
 * authenticate the caller (before looking at the request at all), then parse, verify and sign the
 * CSR for the caller's identity, and answer the chain leaf first, root last.
 *
 * <p>Callers get only a status code with an opaque message; the full reason is logged
 * ({@code caller=… reason=…}) and counted in {@link CaMetrics}. It has no CDI or Quarkus dependency:
 * register it on any gRPC server ({@link dev.rigging.ca.tls.TlsGrpcServer}, istiod-lite's own).
 *
 * <p>Create one instance per {@link MeterRegistry} and register that same instance on every server
 * (15012, 15010): the metrics are registered once, and a second instance's counts would not be
 * exported.
 *
 * <p>The request's {@code metadata} (Istio uses it for node impersonation and alternative signers) is
 * accepted and ignored: the identity signed is always the authenticated caller's.
 */
public final class IstioCertificateServiceImpl extends IstioCertificateServiceGrpc.IstioCertificateServiceImplBase {
  private static final Logger LOG = Logger.getLogger(IstioCertificateServiceImpl.class);

  private final CertificateAuthority ca;
  private final Authenticator authenticator;
  private final CaMetrics metrics;

  public IstioCertificateServiceImpl(CertificateAuthority ca, Authenticator authenticator, MeterRegistry registry) {
    this.ca = Objects.requireNonNull(ca, "ca");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.metrics = new CaMetrics(Objects.requireNonNull(registry, "registry"), ca::activeRoot);
  }

  /** The service with {@link CallerContextInterceptor} in front, so that credentials reach it on any server. */
  @Override
  public ServerServiceDefinition bindService() {
    return ServerInterceptors.intercept(super.bindService(), new CallerContextInterceptor());
  }

  @Override
  public void createCertificate(IstioCertificateRequest request, StreamObserver<IstioCertificateResponse> response) {
    metrics.requestReceived();
    CallerContextInterceptor.Caller caller = CallerContextInterceptor.current();
    AuthResult auth;
    try {
      auth = authenticator.authenticate(caller.headers(), caller.peerCertificates());
    } catch (RuntimeException e) {
      auth = new AuthResult.Rejected("authenticator failed: " + e);
    }
    if (!(auth instanceof AuthResult.Authenticated authenticated)) {
      metrics.authenticationFailed();
      String reason = auth instanceof AuthResult.Rejected r ? r.reason() : String.valueOf(auth);
      LOG.warnf("caller=%s reason=AUTHENTICATION_FAILED detail=%s", caller.address(), reason);
      response.onError(Status.UNAUTHENTICATED.withDescription("request authenticate failure").asRuntimeException());
      return;
    }
    String who = caller.address() + " identity=" + authenticated.identity() + " method=" + authenticated.method();
    IssuedChain chain;
    try {
      chain = ca.sign(request.getCsr(), authenticated.identity(), Duration.ofSeconds(request.getValidityDuration()));
    } catch (CaException e) {
      metrics.signingFailed(e.reason());
      LOG.warnf("caller=%s reason=%s detail=%s", who, e.reason(), e.getMessage());
      response.onError(Status.fromCode(e.reason().grpcCode()).withDescription(opaque(e.reason())).asRuntimeException());
      return;
    } catch (RuntimeException e) {
      metrics.signingFailed(CaException.Reason.CERT_GEN_ERROR);
      LOG.errorf(e, "caller=%s reason=%s detail=%s", who, CaException.Reason.CERT_GEN_ERROR, e.getMessage());
      response.onError(Status.INTERNAL.withDescription(opaque(CaException.Reason.CERT_GEN_ERROR)).asRuntimeException());
      return;
    }
    metrics.issued();
    LOG.infof("caller=%s issued serial=%s notAfter=%s", who, chain.leaf().getSerialNumber().toString(16),
        chain.leaf().getNotAfter().toInstant());
    response.onNext(IstioCertificateResponse.newBuilder().addAllCertChain(chain.pemChain()).build());
    response.onCompleted();
  }

  // What a caller may learn: the category, never the detail.
  private static String opaque(CaException.Reason reason) {
    return switch (reason) {
      case CSR_PARSE_ERROR, CSR_ERROR, TTL_ERROR -> "invalid certificate request";
      case CA_NOT_READY, CERT_GEN_ERROR -> "certificate signing failed";
    };
  }
}

package dev.rigging.ca.service;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * {@code CallerContextInterceptor} captures what the CA may use to authenticate a call — its
 * metadata and the TLS peer's certificate chain (from {@link Grpc#TRANSPORT_ATTR_SSL_SESSION}) —
 * plus the peer address for logs, and makes them available to the service through the gRPC
 * {@link Context}. {@link IstioCertificateServiceImpl#bindService()} installs it, so the service
 * works on any server it is registered with.
 */
public final class CallerContextInterceptor implements ServerInterceptor {
  /** What is known about the caller of the current call. */
  public record Caller(Metadata headers, List<X509Certificate> peerCertificates, String address) {
    public Caller {
      peerCertificates = List.copyOf(peerCertificates);
    }
  }

  private static final Context.Key<Caller> CALLER = Context.key("rigging-ca-caller");

  /** The current call's caller; a caller with no credentials when the interceptor did not run. */
  public static Caller current() {
    Caller caller = CALLER.get();
    return caller != null ? caller : new Caller(new Metadata(), List.of(), "unknown");
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    Caller caller = new Caller(headers, peerCertificates(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)),
        remote == null ? "unknown" : remote.toString());
    return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
  }

  private static List<X509Certificate> peerCertificates(SSLSession session) {
    if (session == null) {
      return List.of();
    }
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : session.getPeerCertificates()) {
        if (c instanceof X509Certificate x509) {
          chain.add(x509);
        }
      }
      return chain;
    } catch (SSLPeerUnverifiedException e) {
      // The client sent no certificate: it may still authenticate with a token.
      return List.of();
    }
  }
}

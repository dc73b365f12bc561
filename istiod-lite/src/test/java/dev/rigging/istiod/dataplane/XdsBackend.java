package dev.rigging.istiod.dataplane;

import com.google.protobuf.StringValue;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.xds.XdsServerBuilder;
import io.grpc.xds.XdsServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * {@code XdsBackend} is a real proxyless gRPC server ({@code XdsServerBuilder} with
 * {@code XdsServerCredentials}) configured by istiod-lite: its listener, and thereby whether it
 * requires mutual TLS, come over xDS. It answers {@link Backend#GET_REVIEW} with its name and the
 * identity of the caller: the URI SAN of the client certificate, or {@code plaintext}.
 */
public final class XdsBackend implements AutoCloseable {
  private static final Context.Key<String> PEER = Context.key("peer");
  private static final int URI_SAN = 6;

  private final Server server;

  /**
   * @param name what the backend answers
   * @param port the port to serve on (the ServiceEntry's endpoint port)
   * @param xdsAddress istiod-lite's xDS address
   * @param pod pod name for the node id (address 127.0.0.1)
   * @param labels workload labels
   * @param pki the workload's certificate provider files
   */
  public XdsBackend(String name, int port, String xdsAddress, String pod, String namespace,
      Map<String, String> labels, Pki pki) {
    String nodeId = "sidecar~127.0.0.1~" + pod + "." + namespace + "~" + namespace + ".svc.cluster.local";
    Map<String, Object> bootstrap = XdsClient.bootstrap(xdsAddress, nodeId, namespace, labels);
    bootstrap.put("certificate_providers", pki.certificateProviders());
    ServerServiceDefinition def = ServerServiceDefinition.builder(Backend.SERVICE)
        .addMethod(Backend.GET_REVIEW, ServerCalls.asyncUnaryCall((req, resp) -> {
          resp.onNext(StringValue.of(name + " " + PEER.get()));
          resp.onCompleted();
        }))
        .build();
    ServerInterceptor identity = new ServerInterceptor() {
      @Override
      public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call,
          io.grpc.Metadata headers, io.grpc.ServerCallHandler<Q, R> next) {
        String peer = peer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        return Contexts.interceptCall(Context.current().withValue(PEER, peer), call, headers, next);
      }
    };
    this.server = XdsServerBuilder.forPort(port, XdsServerCredentials.create(InsecureServerCredentials.create()))
        .overrideBootstrapForTest(bootstrap)
        // Listener updates drain old connections; tests should not wait the default 10 minutes.
        .drainGraceTime(1, TimeUnit.SECONDS)
        .addService(ServerInterceptors.intercept(def, identity))
        .build();
  }

  /** Starts serving; blocks until istiod-lite has sent a usable listener (grpc-java's contract). */
  public XdsBackend start() {
    try {
      server.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String peer(SSLSession session) {
    if (session == null) {
      return "plaintext";
    }
    try {
      X509Certificate leaf = (X509Certificate) session.getPeerCertificates()[0];
      for (List<?> san : leaf.getSubjectAlternativeNames()) {
        if (((Integer) san.get(0)) == URI_SAN) {
          return (String) san.get(1);
        }
      }
      return "tls-without-uri-san";
    } catch (SSLPeerUnverifiedException e) {
      return "tls-without-client-certificate";
    } catch (CertificateParsingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}

package dev.rigging.fips;

import com.google.protobuf.StringValue;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.NameResolverRegistry;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.xds.XdsChannelCredentials;
import io.grpc.xds.XdsNameResolverProvider;
import io.grpc.xds.XdsServerBuilder;
import io.grpc.xds.XdsServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * {@code ProxylessGreeter} is a real proxyless gRPC server of a {@link WorkloadIdentity}
 * ({@code XdsServerBuilder} with {@code XdsServerCredentials}): its listener, and so whether it
 * requires mutual TLS and which RBAC it enforces, comes from the variant over xDS. It answers
 * {@link #GREET} with its name and the caller's URI SAN, or {@link #PLAINTEXT}. Channels to it are
 * made by {@link #channel}.
 */
final class ProxylessGreeter implements AutoCloseable {
  static final MethodDescriptor<StringValue, StringValue> GREET =
      MethodDescriptor.<StringValue, StringValue>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("greeter.Greeter", "Greet"))
          .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .build();
  /** What the greeter answers as the caller's identity when the call came without TLS. */
  static final String PLAINTEXT = "plaintext";

  private static final Context.Key<X509Certificate> PEER = Context.key("peer-certificate");
  private static final AtomicInteger SCHEMES = new AtomicInteger();

  private final Server server;
  private final AtomicReference<X509Certificate> lastPeer = new AtomicReference<>();

  /** A greeter named {@code name} for {@code identity}'s workload on {@code port} (not started). */
  ProxylessGreeter(WorkloadIdentity identity, int port, String name) {
    Objects.requireNonNull(identity, "identity");
    ServerServiceDefinition service = ServerServiceDefinition.builder("greeter.Greeter")
        .addMethod(GREET, ServerCalls.asyncUnaryCall((request, response) -> {
          X509Certificate peer = PEER.get();
          response.onNext(StringValue.of(name + " " + (peer == null ? PLAINTEXT : WorkloadIdentity.uriSan(peer))));
          response.onCompleted();
        }))
        .build();
    ServerInterceptor peer = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        X509Certificate certificate = peerCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        lastPeer.set(certificate);
        return Contexts.interceptCall(Context.current().withValue(PEER, certificate), call, headers, next);
      }
    };
    this.server = XdsServerBuilder.forPort(port, XdsServerCredentials.create(InsecureServerCredentials.create()))
        .overrideBootstrapForTest(identity.bootstrap())
        // a listener update drains old connections; the default grace period is ten minutes
        .drainGraceTime(1, TimeUnit.SECONDS)
        .addService(ServerInterceptors.intercept(service, peer))
        .build();
  }

  /** Starts serving; grpc-java returns only once the variant has sent a usable listener. */
  ProxylessGreeter start() {
    try {
      server.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The client certificate of the last call, {@code null} for a plaintext one. */
  X509Certificate lastPeer() {
    return lastPeer.get();
  }

  /**
   * A grpc-xds channel of {@code identity}'s workload to {@code target}. With {@code xdsCredentials}
   * it applies the TLS that CDS asks for (mutual TLS with the agent's files); without, grpc accepts
   * that config but dials plaintext.
   */
  static ManagedChannel channel(WorkloadIdentity identity, String target, boolean xdsCredentials) {
    String scheme = "xds-workload-" + SCHEMES.incrementAndGet();
    NameResolverRegistry.getDefaultRegistry().register(
        XdsNameResolverProvider.createForTest(scheme, identity.bootstrap()));
    ChannelCredentials credentials = InsecureChannelCredentials.create();
    return Grpc.newChannelBuilder(scheme + ":///" + target,
        xdsCredentials ? XdsChannelCredentials.create(credentials) : credentials).build();
  }

  /** One call of {@link #GREET} with a 5 s deadline; returns the answer. */
  static String call(ManagedChannel channel) {
    return call(channel, Map.of());
  }

  /** One call of {@link #GREET} with {@code headers} and a 5 s deadline; returns the answer. */
  static String call(ManagedChannel channel, Map<String, String> headers) {
    Metadata metadata = new Metadata();
    headers.forEach((k, v) -> metadata.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
    return ClientCalls.blockingUnaryCall(
        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(metadata)), GREET,
        CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), StringValue.of("hello")).getValue();
  }

  private static X509Certificate peerCertificate(SSLSession session) {
    if (session == null) {
      return null;
    }
    try {
      return (X509Certificate) session.getPeerCertificates()[0];
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}

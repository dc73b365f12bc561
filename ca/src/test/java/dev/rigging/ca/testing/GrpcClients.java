package dev.rigging.ca.testing;

import dev.rigging.ca.api.IstioCertificateRequest;
import dev.rigging.ca.api.IstioCertificateResponse;
import dev.rigging.ca.api.IstioCertificateServiceGrpc;
import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.tls.TlsGrpcServer;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/** {@code GrpcClients} opens real gRPC channels to the CA: TLS through BCJSSE (optionally with a client certificate) or plaintext. */
public final class GrpcClients {
  public static final String AUTHORITY = "istiod.istio-system.svc";

  private GrpcClients() {}

  /** A TLS channel trusting {@code roots}, offering {@code protocols}, presenting {@code clientChain} when not null. */
  public static ManagedChannel tls(int port, List<X509Certificate> roots, List<X509Certificate> clientChain,
      PrivateKey clientKey, String... protocols) throws Exception {
    return tlsBuilder(port, roots, clientChain, clientKey, protocols).build();
  }

  /** As {@link #tls}, not yet built (to choose, e.g., the event loop group). */
  public static NettyChannelBuilder tlsBuilder(int port, List<X509Certificate> roots, List<X509Certificate> clientChain,
      PrivateKey clientKey, String... protocols) throws Exception {
    SslContextBuilder ssl = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
        .sslContextProvider(Security.getProvider(Fips.JSSE_PROVIDER))
        .trustManager(roots)
        .protocols(protocols.length == 0 ? TlsGrpcServer.PROTOCOLS.toArray(String[]::new) : protocols)
        .ciphers(TlsGrpcServer.CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2));
    if (clientChain != null) {
      ssl.keyManager(new FixedKeyManager(clientChain, clientKey));
    }
    SslContext context = ssl.build();
    return NettyChannelBuilder.forAddress("127.0.0.1", port).overrideAuthority(AUTHORITY).sslContext(context);
  }

  /** A plaintext channel. */
  public static ManagedChannel plaintext(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  /** Calls CreateCertificate with {@code token} (and {@code clusterId}) when not null. */
  public static IstioCertificateResponse create(Channel channel, String csr, long validitySeconds, String token,
      String clusterId) {
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    }
    if (clusterId != null) {
      headers.put(Metadata.Key.of("clusterid", Metadata.ASCII_STRING_MARSHALLER), clusterId);
    }
    return IstioCertificateServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .createCertificate(IstioCertificateRequest.newBuilder().setCsr(csr).setValidityDuration(validitySeconds).build());
  }

  /** Records the TLS session of the calls made through it. */
  public static final class SessionCapture implements ClientInterceptor {
    public final AtomicReference<SSLSession> session = new AtomicReference<>();

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          ClientCall<Q, R> call = delegate();
          super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
            @Override
            public void onHeaders(Metadata h) {
              session.set(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
              super.onHeaders(h);
            }

            @Override
            public void onClose(io.grpc.Status status, Metadata trailers) {
              session.compareAndSet(null, call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
              super.onClose(status, trailers);
            }
          }, headers);
        }
      };
    }
  }

  /** Always presents the same chain, whatever issuers the server asks for (to test refusals too). */
  private static final class FixedKeyManager extends X509ExtendedKeyManager {
    private final List<X509Certificate> chain;
    private final PrivateKey key;

    FixedKeyManager(List<X509Certificate> chain, PrivateKey key) {
      this.chain = chain;
      this.key = key;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return "client";
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return "client";
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {"client"};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return chain.toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return key;
    }
  }
}

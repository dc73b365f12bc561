package dev.rigging.ca.tls;

import dev.rigging.ca.IssuedChain;
import dev.rigging.ca.crypto.Fips;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * {@code TlsGrpcServer} is a gRPC server (grpc-netty) whose TLS runs on BCJSSE over the FIPS
 * module: TLS 1.3 and 1.2 only, AES-GCM suites with ephemeral ECDHE (what HTTP/2 and FIPS both
 * allow), ALPN {@code h2}. The serving certificate comes from a supplier consulted at every
 * handshake, so renewals need no restart. With {@link Builder#clientCertificates} clients may — not
 * must — present a certificate, which must then chain to the given roots (renewal by client
 * certificate); callers without one authenticate with a token.
 *
 * <p>Any {@link BindableService} can be registered: the CA's and, in istiod-lite, the xDS service.
 *
 * <p>The ECDHE curves are not set here: BCJSSE takes them JVM-wide from {@code jdk.tls.namedGroups},
 * which the FIPS variants' launchers set to P-256 and P-384 ({@link dev.rigging.ca.crypto.FipsPolicy})
 * and their start-up self-check requires.
 */
public final class TlsGrpcServer implements AutoCloseable {
  /** Protocols offered; TLS 1.1 and older are refused. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  /** Cipher suites offered, strongest first (FIPS-approved AEAD suites with forward secrecy). */
  public static final List<String> CIPHER_SUITES = List.of(
      "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");

  private static final Logger LOG = Logger.getLogger(TlsGrpcServer.class);

  private final Server server;
  private final String name;

  private TlsGrpcServer(Server server, String name) {
    this.server = server;
    this.name = name;
  }

  /** A builder for a server on {@code address} serving the certificate {@code servingCertificate} supplies. */
  public static Builder builder(InetSocketAddress address, Supplier<IssuedChain> servingCertificate) {
    return new Builder(address, servingCertificate);
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getPort();
  }

  /** Stops accepting calls, lets running calls finish for up to five seconds, then stops. */
  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    LOG.infof("server=%s stopped", name);
  }

  /** Configures a {@link TlsGrpcServer}. */
  public static final class Builder {
    private final InetSocketAddress address;
    private final Supplier<IssuedChain> servingCertificate;
    private final List<ServerServiceDefinition> services = new ArrayList<>();
    private Supplier<List<X509Certificate>> clientRoots;
    private int maxInboundMessageSize = 4 * 1024 * 1024;
    private String name = "tls-grpc";

    private Builder(InetSocketAddress address, Supplier<IssuedChain> servingCertificate) {
      this.address = Objects.requireNonNull(address, "address");
      this.servingCertificate = Objects.requireNonNull(servingCertificate, "servingCertificate");
    }

    /** Requests (does not require) client certificates, which must chain to {@code roots}. */
    public Builder clientCertificates(Supplier<List<X509Certificate>> roots) {
      clientRoots = Objects.requireNonNull(roots, "roots");
      return this;
    }

    public Builder addService(BindableService service) {
      services.add(service.bindService());
      return this;
    }

    public Builder addService(ServerServiceDefinition service) {
      services.add(Objects.requireNonNull(service, "service"));
      return this;
    }

    public Builder maxInboundMessageSize(int bytes) {
      maxInboundMessageSize = bytes;
      return this;
    }

    /** A name for logs, e.g. {@code ca-15012}. */
    public Builder name(String value) {
      name = Objects.requireNonNull(value, "name");
      return this;
    }

    /** Builds the TLS context and starts listening. */
    public TlsGrpcServer start() throws IOException {
      Fips.install();
      NettyServerBuilder builder = NettyServerBuilder.forAddress(address).sslContext(sslContext())
          .maxInboundMessageSize(maxInboundMessageSize);
      services.forEach(builder::addService);
      Server server = builder.build().start();
      LOG.infof("server=%s listening on %s:%d (TLS %s via %s, client certificates %s)", name,
          address.getHostString(), server.getPort(), PROTOCOLS, Fips.JSSE_PROVIDER,
          clientRoots == null ? "not requested" : "requested");
      return new TlsGrpcServer(server, name);
    }

    private SslContext sslContext() throws SSLException {
      return ServerTlsContexts.forServer(servingCertificate, ApplicationProtocolNames.HTTP_2, clientRoots);
    }
  }
}

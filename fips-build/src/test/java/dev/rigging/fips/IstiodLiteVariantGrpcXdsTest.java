package dev.rigging.fips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.fips.verify.ClassPathScan;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.NameResolverRegistry;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.xds.XdsNameResolverProvider;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarFile;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real proxyless gRPC client ({@code io.grpc:grpc-xds}: its xDS resolver, xDS client and balancers)
 * in this test JVM, bootstrapped against istiod-lite's FIPS variant started through its launcher.
 * The bootstrap names only the variant's TLS xDS port (Istio's 15012) with {@code channel_creds}
 * {@code tls}, so every xDS resource the client gets crosses BCJSSE on the server side; the client
 * dials {@code localhost}, which the variant's serving certificate carries through the existing
 * {@code rigging.ca.extra-dns-names}, and trusts only the variant's CA root. The mesh is a
 * ServiceEntry, a DestinationRule and a VirtualService in the variant's config directory, routing to
 * two plain gRPC backends on loopback.
 *
 * <p>grpc-java 1.79's {@code tls} channel creds ignore their {@code config} object
 * ({@code TlsXdsCredentialsProvider} returns {@code TlsChannelCredentials.create()}; gRFC A65's
 * {@code ca_certificate_file} is not implemented there): the xDS channel trusts the JVM's default
 * trust store. So the root goes where grpc-java 1.79 reads it, {@code javax.net.ssl.trustStore}
 * (a BCFKS store holding only that root), set for this class and restored after it.
 */
class IstiodLiteVariantGrpcXdsTest {
  static final String NAMESPACE = "shop";
  static final String HOST = "greeter.shop.svc.cluster.local";
  static final String TARGET = HOST + ":9080";
  static final String TRUST_PASSWORD = "fips-test-trust";
  static final List<String> TRUST_PROPERTIES =
      List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStoreType", "javax.net.ssl.trustStorePassword");

  static final MethodDescriptor<StringValue, StringValue> GREET =
      MethodDescriptor.<StringValue, StringValue>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("greeter.Greeter", "Greet"))
          .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .build();

  @TempDir static Path dir;
  static final Map<String, Backend> backends = new LinkedHashMap<>();
  static final Properties savedTrust = new Properties();
  static VariantProcess istiod;
  static int tlsPort;
  static ManagedChannel channel;

  /** A plain gRPC server on loopback that answers with its own name and counts its calls. */
  record Backend(String name, Server server, AtomicLong calls) {
    static Backend start(String name) throws Exception {
      AtomicLong calls = new AtomicLong();
      ServerServiceDefinition service = ServerServiceDefinition.builder("greeter.Greeter")
          .addMethod(GREET, ServerCalls.asyncUnaryCall((request, response) -> {
            calls.incrementAndGet();
            response.onNext(StringValue.of(name));
            response.onCompleted();
          }))
          .build();
      Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
          InsecureServerCredentials.create()).addService(service).build().start();
      return new Backend(name, server, calls);
    }

    int port() {
      return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Fips.install();
    for (String version : List.of("v1", "v2")) {
      backends.put(version, Backend.start(version));
    }
    Path mesh = Files.createDirectories(dir.resolve("mesh"));
    Files.writeString(mesh.resolve("greeter.yaml"), """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: greeter, namespace: shop}
        spec:
          hosts: [%1$s]
          location: MESH_INTERNAL
          resolution: STATIC
          ports: [{number: 9080, name: grpc, protocol: GRPC}]
          endpoints:
          - {address: 127.0.0.1, ports: {grpc: %2$d}, labels: {app: greeter, version: v1}}
          - {address: 127.0.0.1, ports: {grpc: %3$d}, labels: {app: greeter, version: v2}}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: greeter, namespace: shop}
        spec:
          host: %1$s
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v2, labels: {version: v2}}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: greeter, namespace: shop}
        spec:
          hosts: [%1$s]
          http:
          - match: [{headers: {end-user: {exact: jason}}}]
            route: [{destination: {host: %1$s, subset: v2}}]
          - route: [{destination: {host: %1$s, subset: v1}}]
        """.formatted(HOST, backends.get("v1").port(), backends.get("v2").port()));

    istiod = VariantProcess.start("istiod-lite", "-Drigging.config.dir=" + mesh,
        "-Drigging.ca.dir=" + dir.resolve("ca"), "-Drigging.ca.tls-port=0", "-Drigging.ca.extra-dns-names=localhost",
        "-Drigging.xds.port=" + VariantProcess.freePort(), "-Drigging.monitoring.port=" + VariantProcess.freePort(),
        "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.grpc.server.host=127.0.0.1");
    tlsPort = Integer.parseInt(istiod.await(Pattern.compile("server=xds-tls listening on [0-9.]+:(\\d+)"),
        Duration.ofSeconds(90)).group(1));
    istiod.await(Pattern.compile("started in"), Duration.ofSeconds(60));

    List<X509Certificate> roots = Pem.certificates(Files.readString(dir.resolve("ca").resolve("root-cert.pem")));
    trustOnly(roots, dir.resolve("variant-root.bcfks"));

    String scheme = "xds-fips";
    NameResolverRegistry.getDefaultRegistry().register(
        XdsNameResolverProvider.createForTest(scheme, bootstrap("localhost:" + tlsPort)));
    channel = Grpc.newChannelBuilder(scheme + ":///" + TARGET, InsecureChannelCredentials.create()).build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    if (istiod != null) {
      istiod.close();
    }
    backends.values().forEach(b -> b.server().shutdownNow());
    for (String key : TRUST_PROPERTIES) {
      if (savedTrust.containsKey(key)) {
        System.setProperty(key, savedTrust.getProperty(key));
      } else {
        System.clearProperty(key);
      }
    }
  }

  /** Makes {@code roots} the JVM's default trust store (BCFKS), the trust grpc-java 1.79's {@code tls} xDS creds use. */
  private static void trustOnly(List<X509Certificate> roots, Path file) throws Exception {
    KeyStore store = KeyStore.getInstance("BCFKS", Fips.PROVIDER);
    store.load(null, null);
    for (int i = 0; i < roots.size(); i++) {
      store.setCertificateEntry("variant-root-" + i, roots.get(i));
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, TRUST_PASSWORD.toCharArray());
    }
    for (String key : TRUST_PROPERTIES) {
      if (System.getProperty(key) != null) {
        savedTrust.setProperty(key, System.getProperty(key));
      }
    }
    System.setProperty("javax.net.ssl.trustStore", file.toString());
    System.setProperty("javax.net.ssl.trustStoreType", "BCFKS");
    System.setProperty("javax.net.ssl.trustStorePassword", TRUST_PASSWORD);
  }

  /** The bootstrap Istio's agent writes for a proxyless gRPC workload, pointed at the variant's TLS xDS port. */
  private static Map<String, Object> bootstrap(String serverUri) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("GENERATOR", "grpc");
    metadata.put("NAMESPACE", NAMESPACE);
    metadata.put("LABELS", Map.of("app", "frontend"));
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("id", "sidecar~127.0.0.1~frontend-1." + NAMESPACE + "~" + NAMESPACE + ".svc.cluster.local");
    node.put("metadata", metadata);
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("server_uri", serverUri);
    server.put("channel_creds", List.of(Map.of("type", "tls", "config", Map.of())));
    server.put("server_features", List.of("xds_v3"));
    Map<String, Object> bootstrap = new LinkedHashMap<>();
    bootstrap.put("xds_servers", List.of(server));
    bootstrap.put("node", node);
    return bootstrap;
  }

  private static String call(Map<String, String> headers) {
    Metadata md = new Metadata();
    headers.forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
    return ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(md)),
        GREET, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), StringValue.of("hello")).getValue();
  }

  @Test
  void theServingCertificateNamesTheDialedHost() {
    assertThat(istiod.output()).containsPattern("xDS and CA over TLS on port " + tlsPort
        + " for \\[istiod\\.istio-system\\.svc, localhost\\]");
  }

  @Test
  void theClientsTlsIsBcjsseInFipsMode() {
    // The client's xDS channel is grpc-netty (grpc-netty-shaded and its BoringSSL are excluded), whose
    // GrpcSslContexts takes the first SSLContext.TLS provider it knows (SunJSSE, IBMJSSE2, OpenJSSE,
    // BCJSSE, Conscrypt): in this JVM, after Fips.install(), BCJSSE bound to BCFIPS, which offers
    // approved suites only.
    Provider first = Security.getProviders("SSLContext.TLS")[0];
    assertThat(first).isInstanceOfSatisfying(BouncyCastleJsseProvider.class, p -> assertThat(p.isFipsMode()).isTrue());
  }

  @Test
  void grpcXdsClientGetsItsRoutesOverTlsAndCallsTheBackends() {
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptionsMatching(
            e -> e instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNAVAILABLE)
        .until(() -> call(Map.of()).equals("v1"));

    long v1 = backends.get("v1").calls().get();
    long v2 = backends.get("v2").calls().get();
    List<String> plain = new ArrayList<>();
    List<String> jason = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      plain.add(call(Map.of()));
      jason.add(call(Map.of("end-user", "jason")));
    }
    assertThat(plain).as("default route of the VirtualService").containsOnly("v1").hasSize(20);
    assertThat(jason).as("header match of the VirtualService").containsOnly("v2").hasSize(20);
    assertThat(backends.get("v1").calls().get() - v1).isEqualTo(20);
    assertThat(backends.get("v2").calls().get() - v2).isEqualTo(20);
  }

  @Test
  void theClientRefusesTheServerWhenTheDialedNameIsNotInItsCertificate() {
    // Same bootstrap and trust, but the xDS server dialed as 127.0.0.1: the serving certificate has
    // no IP address SAN, so the client's BCJSSE aborts the handshake and nothing is configured. The
    // RPC's status does not carry the TLS cause; grpc's own transport logs do.
    String scheme = "xds-fips-by-ip";
    NameResolverRegistry.getDefaultRegistry().register(
        XdsNameResolverProvider.createForTest(scheme, bootstrap("127.0.0.1:" + tlsPort)));
    ManagedChannel byIp = Grpc.newChannelBuilder(scheme + ":///" + TARGET, InsecureChannelCredentials.create()).build();
    long served = backends.values().stream().mapToLong(b -> b.calls().get()).sum();
    List<String> logs = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logs.add(record.getMessage() + (record.getThrown() == null ? "" : "\n" + TlsClients.causes(record.getThrown())));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    capture.setLevel(Level.ALL);
    Logger grpc = Logger.getLogger("io.grpc");
    Level level = grpc.getLevel();
    grpc.setLevel(Level.ALL);
    grpc.addHandler(capture);
    try {
      assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(byIp, GREET,
          CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), StringValue.of("hello")))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.getStatus().getDescription()).contains("Error retrieving LDS resource " + TARGET)
                .contains("SslHandler");
          });
      // The transport logs each failed handshake; the record with the certificate check's own
      // message can come after the RPC has failed, and the xDS client keeps retrying meanwhile.
      Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(String.join("\n", logs))
          .contains("org.bouncycastle.tls.TlsFatalAlert: certificate_unknown(46)")
          .contains("No subject alternative name found matching IP address 127.0.0.1"));
    } finally {
      byIp.shutdownNow();
      grpc.removeHandler(capture);
      grpc.setLevel(level);
    }
    assertThat(backends.values().stream().mapToLong(b -> b.calls().get()).sum()).isEqualTo(served);
  }

  @Test
  void grpcXdsStaysOutOfTheVariant() throws Exception {
    Path variant = VariantProcess.FIPS_DIR.resolve("istiod-lite");
    List<Path> jars = ClassPathScan.classPathJars(variant);
    assertThat(jars).isNotEmpty().allSatisfy(jar -> assertThat(jar.toAbsolutePath().normalize())
        .startsWith(variant.toAbsolutePath().normalize()));
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile(), false)) {
        assertThat(file.stream().map(e -> e.getName()).filter(n -> n.startsWith("io/grpc/xds/")))
            .as("grpc-xds classes in %s", jar).isEmpty();
      }
    }
    assertThat(ClassPathScan.scan(variant).forbidden()).isEmpty();
    // and the test JVM really has grpc-xds, so the scan above would have had something to find
    assertThat(XdsNameResolverProvider.class.getProtectionDomain().getCodeSource().getLocation().getPath())
        .contains("grpc-xds");
  }
}

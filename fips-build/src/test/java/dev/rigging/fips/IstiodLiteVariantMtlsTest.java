package dev.rigging.fips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.testing.Tokens;
import dev.rigging.mesh.testing.MeshScenarios;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mutual TLS and authorization scenarios of the standard build's {@code ProxylessMtlsTest} and
 * {@code ProxylessRbacTest}, with istiod-lite's FIPS variant as the control plane: the variant runs
 * as its own process under its own {@code java.security} (started through its launcher, file mode),
 * and the workloads are users' applications in this test JVM. Each workload's agent gets its
 * certificate from the variant's CA on the TLS port (service-account token, JWKS given to the
 * variant), and its grpc-xds servers and channels take their xDS from the same TLS port. So the
 * certificates are signed under BC-FIPS approved-only mode in the variant and every listener,
 * cluster and RBAC filter crosses the variant's BCJSSE.
 *
 * <p>The workloads are not a FIPS variant and need not be: grpc-java's {@code XdsTrustManagerFactory}
 * needs a PKCS12 key store, which approved mode does not offer, and this JVM has the JDK's providers
 * behind BC-FIPS; grpc-xds's servers and mutual TLS are built on {@code grpc-netty-shaded}, whose TLS
 * is its bundled BoringSSL. Hence this class's own surefire execution ({@code proxyless-workloads}),
 * the only one with the shaded Netty on its class path. The variant's side of every xDS and CA
 * connection is its BCJSSE server.
 */
@Tag("proxyless-workloads")
class IstiodLiteVariantMtlsTest {
  static final String HOST = "greeter.shop.svc.cluster.local";
  static final String TARGET = HOST + ":50051";
  static final String FRONTEND = "spiffe://cluster.local/ns/shop/sa/frontend";
  static final String STRANGER = "spiffe://cluster.local/ns/shop/sa/stranger";

  @TempDir static Path dir;
  static Path mesh;
  static VariantProcess istiod;
  static DefaultTrustStore trust;
  static List<X509Certificate> variantRoots;
  static final List<WorkloadIdentity> workloads = new ArrayList<>();
  static final List<ManagedChannel> channels = new ArrayList<>();
  static ProxylessGreeter greeter;
  static WorkloadIdentity frontend;
  static ManagedChannel mtls;
  static ManagedChannel plaintext;
  static ManagedChannel stranger;

  @BeforeAll
  static void start() throws Exception {
    Fips.install();
    int greeterPort = VariantProcess.freePort();
    mesh = Files.createDirectories(dir.resolve("mesh"));
    Files.writeString(mesh.resolve("greeter.yaml"), MeshScenarios.mtlsGreeter(HOST, greeterPort));
    Tokens tokens = new Tokens("test-key", "https://kubernetes.default.svc.cluster.local");
    Path jwks = tokens.writeJwks(dir.resolve("jwks.json"));

    istiod = VariantProcess.start("istiod-lite", "-Drigging.config.dir=" + mesh,
        "-Drigging.ca.dir=" + dir.resolve("ca"), "-Drigging.ca.jwt.jwks-file=" + jwks,
        "-Drigging.ca.tls-port=0", "-Drigging.ca.extra-dns-names=localhost",
        "-Drigging.xds.port=" + VariantProcess.freePort(), "-Drigging.monitoring.port=" + VariantProcess.freePort(),
        "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.grpc.server.host=127.0.0.1");
    int tlsPort = Integer.parseInt(istiod.await(Pattern.compile("server=xds-tls listening on [0-9.]+:(\\d+)"),
        Duration.ofSeconds(90)).group(1));
    istiod.await(Pattern.compile("started in"), Duration.ofSeconds(60));

    // What the variant published, as Istio's ConfigMap istio-ca-root-cert would carry it.
    Path caRoot = dir.resolve("ca").resolve("root-cert.pem");
    variantRoots = Pem.certificates(Files.readString(caRoot, StandardCharsets.US_ASCII));
    trust = DefaultTrustStore.of(variantRoots, dir.resolve("variant-root.bcfks"));
    String variant = "localhost:" + tlsPort;

    greeter = new ProxylessGreeter(workload(tokens, variant, caRoot, "greeter"), greeterPort, "greeter");
    CompletableFuture.runAsync(greeter::start).get(60, TimeUnit.SECONDS);
    frontend = workload(tokens, variant, caRoot, "frontend");
    mtls = channel(ProxylessGreeter.channel(frontend, TARGET, true));
    // its own certificate and the same config, but channel credentials that ignore the TLS from xDS
    plaintext = channel(ProxylessGreeter.channel(workload(tokens, variant, caRoot, "legacy"), TARGET, false));
    stranger = channel(ProxylessGreeter.channel(workload(tokens, variant, caRoot, "stranger"), TARGET, true));
  }

  private static WorkloadIdentity workload(Tokens tokens, String variant, Path caRoot, String serviceAccount)
      throws Exception {
    WorkloadIdentity w = WorkloadIdentity.start(tokens, dir.resolve(serviceAccount), variant, caRoot, "shop",
        serviceAccount, Map.of("app", serviceAccount), Duration.ofSeconds(60));
    workloads.add(w);
    return w;
  }

  private static ManagedChannel channel(ManagedChannel channel) {
    channels.add(channel);
    return channel;
  }

  @AfterAll
  static void stop() throws Exception {
    for (ManagedChannel c : channels) {
      c.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    if (greeter != null) {
      greeter.close();
    }
    workloads.forEach(WorkloadIdentity::close);
    if (istiod != null) {
      istiod.close();
    }
    if (trust != null) {
      trust.close();
    }
  }

  private static ConditionFactory await() {
    return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250));
  }

  /** Waits until a call on {@code channel} answers {@code expected}. */
  private static void awaitAnswer(ManagedChannel channel, String expected) {
    await().ignoreExceptionsInstanceOf(StatusRuntimeException.class)
        .until(() -> ProxylessGreeter.call(channel).equals(expected));
  }

  /** Waits until calls on {@code channel} fail with {@code code}. */
  private static void awaitFailure(ManagedChannel channel, Status.Code code) {
    await().until(() -> {
      try {
        ProxylessGreeter.call(channel);
        return false;
      } catch (StatusRuntimeException e) {
        return e.getStatus().getCode() == code;
      }
    });
  }

  /** Writes (atomically, like an editor) a file into the variant's config directory. */
  private static void write(String name, String yaml) throws IOException {
    Path tmp = mesh.resolve("." + name + ".tmp");
    Files.writeString(tmp, yaml);
    Files.move(tmp, mesh.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aMeshClientReachesTheStrictServerOverMutualTlsWithItsOwnIdentity() throws Exception {
    awaitAnswer(mtls, "greeter " + FRONTEND);
    assertThat(ProxylessGreeter.call(mtls)).isEqualTo("greeter " + FRONTEND);
    // the certificate presented in the handshake is the one the variant's CA issued to the frontend
    assertThat(greeter.lastPeer()).isEqualTo(frontend.agent().certificate());
    assertThat(variantRoots).hasSize(1);
    assertThat(greeter.lastPeer().getIssuerX500Principal()).isEqualTo(variantRoots.get(0).getSubjectX500Principal());
    greeter.lastPeer().verify(variantRoots.get(0).getPublicKey(), Fips.PROVIDER);
  }

  @Test
  void aClientExpectingAnotherServerIdentityRefusesTheGreeter() {
    awaitAnswer(mtls, "greeter " + FRONTEND);
    // the subset's subjectAltNames do not name the greeter's certificate (spiffe://…/sa/greeter)
    assertThatThrownBy(() -> ProxylessGreeter.call(mtls, Map.of("x-subset", "impostor")))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(ProxylessGreeter.call(mtls)).isEqualTo("greeter " + FRONTEND);
  }

  @Test
  void aPlaintextClientIsRefusedByTheStrictServer() {
    awaitAnswer(mtls, "greeter " + FRONTEND);
    assertThatThrownBy(() -> ProxylessGreeter.call(plaintext)).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void underPermissiveThePlaintextClientIsAcceptedAndStrictRefusesItAgain() throws Exception {
    awaitAnswer(mtls, "greeter " + FRONTEND);
    // a workload-selected policy outranks the namespace's STRICT one
    write("permissive.yaml", """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: greeter-permissive, namespace: shop}
        spec:
          selector: {matchLabels: {app: greeter}}
          mtls: {mode: PERMISSIVE}
        """);
    try {
      // grpc cannot serve TLS and plaintext on one port: a PERMISSIVE proxyless server serves plaintext
      awaitAnswer(plaintext, "greeter " + ProxylessGreeter.PLAINTEXT);
    } finally {
      Files.delete(mesh.resolve("permissive.yaml"));
    }
    awaitFailure(plaintext, Status.Code.UNAVAILABLE);
    awaitAnswer(mtls, "greeter " + FRONTEND);
  }

  @Test
  void anAuthorizationPolicyLetsOnlyItsPrincipalThrough() throws Exception {
    awaitAnswer(mtls, "greeter " + FRONTEND);
    awaitAnswer(stranger, "greeter " + STRANGER);
    write("allow.yaml", """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: greeter-allow, namespace: shop}
        spec:
          selector: {matchLabels: {app: greeter}}
          action: ALLOW
          rules:
          - from: [{source: {principals: [cluster.local/ns/shop/sa/frontend]}}]
            to: [{operation: {paths: [/greeter.Greeter/Greet]}}]
        """);
    try {
      awaitFailure(stranger, Status.Code.PERMISSION_DENIED);
      assertThat(ProxylessGreeter.call(mtls)).isEqualTo("greeter " + FRONTEND);
      assertThatThrownBy(() -> ProxylessGreeter.call(stranger)).isInstanceOfSatisfying(StatusRuntimeException.class,
          e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    } finally {
      Files.delete(mesh.resolve("allow.yaml"));
    }
    awaitAnswer(stranger, "greeter " + STRANGER);
  }

  @Test
  void denyOverridesAllowForTheSamePrincipal() throws Exception {
    awaitAnswer(mtls, "greeter " + FRONTEND);
    write("allow-all.yaml", """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: greeter-allow-all, namespace: shop}
        spec:
          selector: {matchLabels: {app: greeter}}
          action: ALLOW
          rules: [{}]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: greeter-deny-frontend, namespace: shop}
        spec:
          selector: {matchLabels: {app: greeter}}
          action: DENY
          rules:
          - from: [{source: {principals: [cluster.local/ns/shop/sa/frontend]}}]
        """);
    try {
      awaitFailure(mtls, Status.Code.PERMISSION_DENIED);
      assertThat(ProxylessGreeter.call(stranger)).isEqualTo("greeter " + STRANGER);
    } finally {
      Files.delete(mesh.resolve("allow-all.yaml"));
    }
    awaitAnswer(mtls, "greeter " + FRONTEND);
  }

  @Test
  void aDenyRuleOnAHeaderRefusesOnlyTheCallsCarryingIt() throws Exception {
    awaitAnswer(mtls, "greeter " + FRONTEND);
    write("deny-header.yaml", """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: no-evil, namespace: shop}
        spec:
          selector: {matchLabels: {app: greeter}}
          action: DENY
          rules:
          - when: [{key: "request.headers[x-user]", values: [evil]}]
        """);
    try {
      await().until(() -> {
        try {
          ProxylessGreeter.call(mtls, Map.of("x-user", "evil"));
          return false;
        } catch (StatusRuntimeException e) {
          return e.getStatus().getCode() == Status.Code.PERMISSION_DENIED;
        }
      });
      assertThat(ProxylessGreeter.call(mtls, Map.of("x-user", "nice"))).isEqualTo("greeter " + FRONTEND);
      assertThat(ProxylessGreeter.call(stranger)).isEqualTo("greeter " + STRANGER);
    } finally {
      Files.delete(mesh.resolve("deny-header.yaml"));
    }
    awaitAnswer(mtls, "greeter " + FRONTEND);
    await().ignoreExceptionsInstanceOf(StatusRuntimeException.class)
        .until(() -> ProxylessGreeter.call(mtls, Map.of("x-user", "evil")).equals("greeter " + FRONTEND));
  }
}

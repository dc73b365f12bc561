package dev.rigging.ca.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rigging.ca.IssuedChain;
import dev.rigging.ca.auth.AuthResult;
import dev.rigging.ca.service.IstioCertificateServiceImpl;
import dev.rigging.ca.testing.CaFixture;
import dev.rigging.ca.testing.GrpcClients;
import dev.rigging.ca.testing.TestPki;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsGrpcServerTest {
  @TempDir static Path dir;
  static CaFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new CaFixture(dir);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void handshakesWithTls13AndNegotiatesH2() throws Exception {
    assertThat(callWith("TLSv1.3").getProtocol()).isEqualTo("TLSv1.3");
  }

  @Test
  void handshakesWithTls12() throws Exception {
    SSLSession session = callWith("TLSv1.2");
    assertThat(session.getProtocol()).isEqualTo("TLSv1.2");
    assertThat(session.getCipherSuite()).startsWith("TLS_ECDHE_ECDSA_WITH_AES_").endsWith("_GCM_SHA384").isIn(
        TlsGrpcServer.CIPHER_SUITES);
  }

  private SSLSession callWith(String protocol) throws Exception {
    ManagedChannel channel = GrpcClients.tls(fixture.tls.port(), fixture.ca.trustedRoots(), null, null, protocol);
    try {
      GrpcClients.SessionCapture capture = new GrpcClients.SessionCapture();
      var response = GrpcClients.create(ClientInterceptors.intercept(channel, capture),
          TestPki.csr(TestPki.ec256()), 0, fixture.tokens.serviceAccount("default", "app"), null);
      assertThat(response.getCertChainList()).hasSize(2);
      return capture.session.get();
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void refusesTls11() throws Exception {
    // JSSE clients refuse to offer TLS 1.1 at all, so the probe speaks the protocol itself: a TLS
    // 1.1 ClientHello must get an alert, while the same hello as TLS 1.2 gets a ServerHello.
    assertThat(firstRecord(0x0302)).startsWith("alert");
    assertThat(firstRecord(0x0303)).startsWith("handshake:2");
  }

  @Test
  void aTlsClientThatDoesNotTrustTheCaFails() throws Exception {
    ManagedChannel channel = GrpcClients.tls(fixture.tls.port(), List.of(TestPki.rootCa("elsewhere").root()),
        null, null);
    try {
      assertThatThrownBy(() -> GrpcClients.create(channel, TestPki.csr(TestPki.ec256()), 0,
          fixture.tokens.serviceAccount("default", "app"), null))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void aRenewedServingCertificateIsUsedByTheNextHandshakeWithoutRestart() throws Exception {
    AtomicReference<IssuedChain> serving = new AtomicReference<>(
        fixture.ca.issueServing(List.of(GrpcClients.AUTHORITY), Duration.ofHours(1)));
    try (TlsGrpcServer server = TlsGrpcServer.builder(new InetSocketAddress("127.0.0.1", 0), serving::get)
        .addService(new IstioCertificateServiceImpl(fixture.ca, (headers, peer) -> new AuthResult.Rejected("refused"),
            new SimpleMeterRegistry())).start()) {
      X509Certificate first = serverCertificate(server.port());
      assertThat(first).isEqualTo(serving.get().leaf());

      serving.set(fixture.ca.issueServing(List.of(GrpcClients.AUTHORITY), Duration.ofHours(2)));

      assertThat(serverCertificate(server.port())).isEqualTo(serving.get().leaf()).isNotEqualTo(first);
    }
  }

  @Test
  void theSelfIssuedServingCertificateFollowsAnIssuerChange() throws Exception {
    ServingCertificate serving = ServingCertificate.issuedBy(fixture.ca, List.of(GrpcClients.AUTHORITY), Duration.ofHours(1));
    X509Certificate first = serving.get().leaf();
    assertThat(serving.get().leaf()).as("cached until renewal is due").isEqualTo(first);

    serving.issuerChanged(fixture.ca.signingCertificate());

    assertThat(serving.get().leaf()).isNotEqualTo(first);
    assertThat(serving.get().leaf().getSubjectAlternativeNames()).containsExactly(List.of(2, GrpcClients.AUTHORITY));
  }

  private static X509Certificate serverCertificate(int port) throws Exception {
    ManagedChannel channel = GrpcClients.tls(port, fixture.ca.trustedRoots(), null, null);
    try {
      GrpcClients.SessionCapture capture = new GrpcClients.SessionCapture();
      // The call is refused; the handshake before it is what is observed.
      assertThatThrownBy(() -> GrpcClients.create(ClientInterceptors.intercept(channel, capture), "csr", 0, null, null))
          .isInstanceOf(StatusRuntimeException.class);
      return (X509Certificate) capture.session.get().getPeerCertificates()[0];
    } finally {
      channel.shutdownNow();
    }
  }

  /** Sends a minimal ClientHello of record/handshake {@code version} and describes the first record back. */
  private static String firstRecord(int version) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", fixture.tls.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(ClientHello.bytes(version));
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int type;
      try {
        type = in.readUnsignedByte();
      } catch (IOException closed) {
        return "alert (connection closed)";
      }
      in.readUnsignedShort();
      int length = in.readUnsignedShort();
      byte[] body = new byte[length];
      in.readFully(body);
      return switch (type) {
        case 0x15 -> "alert:" + (body[1] & 0xff);
        case 0x16 -> "handshake:" + (body[0] & 0xff);
        default -> "record " + type;
      };
    }
  }
}

package dev.rigging.ca.service;

import static dev.rigging.ca.service.CreateCertificateTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.ca.testing.CaFixture;
import dev.rigging.ca.testing.GrpcClients;
import dev.rigging.ca.testing.TestPki;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Istio's metric names and values after a known sequence of calls. */
class CaMetricsTest {
  @TempDir Path dir;

  @Test
  void countsEveryOutcomeUnderIstiosNames() throws Exception {
    try (CaFixture fixture = new CaFixture(dir)) {
      ManagedChannel tls = GrpcClients.tls(fixture.tls.port(), fixture.ca.trustedRoots(), null, null);
      try {
        String token = fixture.tokens.serviceAccount("shop", "reviews");
        GrpcClients.create(tls, TestPki.csr(TestPki.ec256()), 0, token, null);
        GrpcClients.create(tls, TestPki.csr(TestPki.rsa2048()), 0, token, null);
        assertStatus(() -> GrpcClients.create(tls, TestPki.csr(TestPki.ec256()), 0, null, null), Status.Code.UNAUTHENTICATED, null);
        assertStatus(() -> GrpcClients.create(tls, TestPki.csr(TestPki.ec256()), 0,
            fixture.tokens.token("system:serviceaccount:a:b", "wrong", Instant.now().plusSeconds(60)), null),
            Status.Code.UNAUTHENTICATED, null);
        assertStatus(() -> GrpcClients.create(tls, TestPki.breakSignature(TestPki.csr(TestPki.ec256())), 0, token, null),
            Status.Code.INVALID_ARGUMENT, null);
        assertStatus(() -> GrpcClients.create(tls, TestPki.nonFipsRsaCsr(1024, "SHA256withRSA"), 0, token, null),
            Status.Code.INVALID_ARGUMENT, null);
        assertStatus(() -> GrpcClients.create(tls, TestPki.csr(TestPki.ec256()), Duration.ofDays(365).toSeconds(), token, null),
            Status.Code.INVALID_ARGUMENT, null);
      } finally {
        tls.shutdownNow();
      }

      assertThat(fixture.metric("citadel_server_csr_count")).isEqualTo(7);
      assertThat(fixture.metric("citadel_server_success_cert_issuance_count")).isEqualTo(2);
      assertThat(fixture.metric("citadel_server_authentication_failure_count")).isEqualTo(2);
      assertThat(fixture.metric("citadel_server_csr_parsing_err_count")).isEqualTo(1);
      assertThat(fixture.metric("citadel_server_csr_sign_err_count", "error", "CSR_ERROR")).isEqualTo(1);
      assertThat(fixture.metric("citadel_server_csr_sign_err_count", "error", "TTL_ERROR")).isEqualTo(1);
      assertThat(fixture.metric("citadel_server_root_cert_expiry_timestamp"))
          .isEqualTo(fixture.ca.activeRoot().getNotAfter().getTime() / 1000.0);
    }
  }
}

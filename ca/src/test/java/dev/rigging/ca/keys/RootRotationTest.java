package dev.rigging.ca.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rigging.ca.CaConfig;
import dev.rigging.ca.CaListener;
import dev.rigging.ca.CertificateAuthority;
import dev.rigging.ca.Identity;
import dev.rigging.ca.IssuedChain;
import dev.rigging.ca.crypto.ChainVerifier;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation with short validities: a 10 s root rotated when less than half of it remains. */
class RootRotationTest {
  static final Identity CALLER = new Identity("cluster.local", "shop", "reviews");

  @TempDir Path dir;
  CertificateAuthority ca;

  @AfterEach
  void stop() {
    ca.close();
  }

  @Test
  void theRootIsReissuedBeforeExpiryAndBothAreTrustedDuringTheOverlap() throws Exception {
    ca = new CertificateAuthority(CaConfig.builder(new CaConfig.Storage.Directory(dir)).rootValidity(Duration.ofSeconds(10))
        .rootRotationThreshold(0.5).rootCheckInterval(Duration.ofMillis(100)).defaultTtl(Duration.ofSeconds(9)).build());
    List<List<X509Certificate>> published = new CopyOnWriteArrayList<>();
    ca.addListener(new CaListener() {
      @Override
      public void rootsChanged(List<X509Certificate> roots) {
        published.add(roots);
      }
    });
    X509Certificate oldRoot = ca.activeRoot();
    IssuedChain before = ca.sign(TestPki.csr(TestPki.ec256()), CALLER, null);

    await().atMost(Duration.ofSeconds(10)).until(() -> !ca.activeRoot().equals(oldRoot));

    X509Certificate newRoot = ca.activeRoot();
    assertThat(newRoot.getNotAfter()).isAfter(oldRoot.getNotAfter());
    assertThat(newRoot.getPublicKey()).isEqualTo(oldRoot.getPublicKey());
    assertThat(ca.trustedRoots()).containsExactly(newRoot, oldRoot);
    assertThat(published.get(0)).containsExactly(newRoot, oldRoot);
    assertThat(Pem.certificates(Files.readString(dir.resolve(CaBundle.ROOT_CERT)))).containsExactly(newRoot, oldRoot);

    IssuedChain after = ca.sign(TestPki.csr(TestPki.ec256()), CALLER, null);
    assertThat(after.root()).isEqualTo(newRoot);
    Instant now = Instant.now();
    // Old and new leaves verify against the published bundle, and against either root alone:
    // peers that have not seen the new root yet keep working.
    assertThat(ChainVerifier.verify(before.certificates(), ca.trustedRoots(), now)).isIn(newRoot, oldRoot);
    assertThat(ChainVerifier.verify(after.certificates(), List.of(oldRoot), now)).isEqualTo(oldRoot);
    assertThat(ChainVerifier.verify(before.certificates().subList(0, 1), List.of(newRoot), now)).isEqualTo(newRoot);

    // A restart during the overlap keeps both.
    ca.close();
    ca = new CertificateAuthority(CaConfig.builder(new CaConfig.Storage.Directory(dir)).rootValidity(Duration.ofSeconds(60))
        .build());
    assertThat(ca.trustedRoots()).containsExactly(newRoot, oldRoot);
  }

  @Test
  void expiredOldRootsLeaveTheBundle() throws Exception {
    ca = new CertificateAuthority(CaConfig.builder(new CaConfig.Storage.Directory(dir)).rootValidity(Duration.ofSeconds(4))
        .rootRotationThreshold(0.5).rootCheckInterval(Duration.ofMillis(100)).defaultTtl(Duration.ofSeconds(1)).build());
    X509Certificate first = ca.activeRoot();

    await().atMost(Duration.ofSeconds(10)).until(() -> ca.trustedRoots().size() == 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> !ca.trustedRoots().contains(first));

    assertThat(first.getNotAfter().toInstant()).isBefore(Instant.now());
    assertThat(ca.trustedRoots()).doesNotContain(first).isNotEmpty();
  }
}

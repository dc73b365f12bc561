package dev.rigging.ca.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rigging.ca.CaConfig;
import dev.rigging.ca.CaException;
import dev.rigging.ca.CaListener;
import dev.rigging.ca.CertificateAuthority;
import dev.rigging.ca.Identity;
import dev.rigging.ca.IssuedChain;
import dev.rigging.ca.crypto.ChainVerifier;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluggedCaTest {
  static final Identity CALLER = new Identity("cluster.local", "shop", "reviews");

  @TempDir Path dir;
  CertificateAuthority ca;

  @AfterEach
  void stop() {
    if (ca != null) {
      ca.close();
    }
  }

  CertificateAuthority start(Path cacerts) throws CaException {
    ca = new CertificateAuthority(CaConfig.builder(new CaConfig.Storage.Directory(dir.resolve("self-signed")))
        .pluggedCertsDir(cacerts).pluggedReloadInterval(Duration.ofMillis(100)).build());
    return ca;
  }

  @Test
  void aPluggedCaTakesPrecedenceAndItsChainIsReturnedLeafFirstRootLast() throws Exception {
    TestPki.ExternalCa plugged = TestPki.intermediateCa("plugged");
    Path cacerts = mountLikeKubernetes(plugged.asPluggedBundle(), "..2026_01");

    start(cacerts);
    IssuedChain chain = ca.sign(TestPki.csr(TestPki.ec256()), CALLER, null);

    assertThat(chain.certificates()).hasSize(3);
    assertThat(chain.certificates().subList(1, 3)).containsExactly(plugged.signer(), plugged.root());
    assertThat(ca.trustedRoots()).containsExactly(plugged.root());
    assertThat(ChainVerifier.verify(chain.certificates(), List.of(plugged.root()), Instant.now())).isEqualTo(plugged.root());
    assertThat(dir.resolve("self-signed").resolve(CaBundle.CA_CERT)).as("no self-signed root is made").doesNotExist();
  }

  @Test
  void changedFilesSwitchTheIssuerWithoutRestart() throws Exception {
    TestPki.ExternalCa first = TestPki.intermediateCa("first");
    TestPki.ExternalCa second = TestPki.intermediateCa("second");
    Path cacerts = mountLikeKubernetes(first.asPluggedBundle(), "..2026_01");
    start(cacerts);
    List<String> events = new CopyOnWriteArrayList<>();
    ca.addListener(new CaListener() {
      @Override
      public void issuerChanged(X509Certificate signer) {
        events.add("issuer " + signer.getSubjectX500Principal().getName());
      }

      @Override
      public void rootsChanged(List<X509Certificate> roots) {
        events.add("roots " + roots.size());
      }
    });

    swapKubernetesMount(cacerts, second.asPluggedBundle(), "..2026_02");

    await().atMost(Duration.ofSeconds(10)).until(() -> ca.signingCertificate().equals(second.signer()));
    IssuedChain chain = ca.sign(TestPki.csr(TestPki.ec256()), CALLER, null);
    assertThat(chain.root()).isEqualTo(second.root());
    assertThat(chain.certificates().get(1)).isEqualTo(second.signer());
    assertThat(events).containsExactly("issuer O=second,CN=intermediate", "roots 1");
  }

  @Test
  void aBrokenEditIsLoggedAndTheLastGoodCaKeepsSigning() throws Exception {
    TestPki.ExternalCa plugged = TestPki.intermediateCa("plugged");
    Path cacerts = Files.createDirectories(dir.resolve("cacerts"));
    write(cacerts, plugged.asPluggedBundle());
    start(cacerts);

    // A key that does not belong to ca-cert.pem.
    Files.writeString(cacerts.resolve(CaBundle.CA_KEY), Pem.encode(TestPki.ec256().getPrivate()));
    ca.refresh();

    assertThat(ca.signingCertificate()).isEqualTo(plugged.signer());
    assertThat(ca.sign(TestPki.csr(TestPki.ec256()), CALLER, null).root()).isEqualTo(plugged.root());
  }

  @Test
  void anInvalidPluggedCaStopsStartupRatherThanFallingBackToSelfSigned() throws Exception {
    TestPki.ExternalCa plugged = TestPki.intermediateCa("plugged");
    TestPki.ExternalCa other = TestPki.rootCa("other");
    Path cacerts = Files.createDirectories(dir.resolve("cacerts"));
    CaBundle good = plugged.asPluggedBundle();
    write(cacerts, new CaBundle(good.caCert(), good.caKey(), good.certChain(), Pem.encode(other.root())));

    assertThatThrownBy(() -> start(cacerts)).isInstanceOfSatisfying(CaException.class, e -> {
      assertThat(e.reason()).isEqualTo(CaException.Reason.CA_NOT_READY);
      assertThat(e.getMessage()).contains("does not chain to root-cert.pem");
    });
    assertThat(dir.resolve("self-signed").resolve(CaBundle.CA_CERT)).doesNotExist();
  }

  @Test
  void aPluggedCaThatAppearsLaterReplacesTheSelfSignedRoot() throws Exception {
    Path cacerts = Files.createDirectories(dir.resolve("cacerts"));
    start(cacerts);
    assertThat(ca.signingCertificate().getSubjectX500Principal().getName()).isEqualTo("O=cluster.local");
    TestPki.ExternalCa plugged = TestPki.rootCa("plugged-root");

    write(cacerts, plugged.asPluggedBundle());

    await().atMost(Duration.ofSeconds(10)).until(() -> ca.signingCertificate().equals(plugged.root()));
    assertThat(ca.sign(TestPki.csr(TestPki.ec256()), CALLER, null).certificates()).hasSize(2)
        .last().isEqualTo(plugged.root());
  }

  private static void write(Path dir, CaBundle bundle) throws IOException {
    for (Map.Entry<String, byte[]> file : bundle.files().entrySet()) {
      Files.write(dir.resolve(file.getKey()), file.getValue());
    }
  }

  /** Lays files out as a Kubernetes Secret volume does: FILE → ..data/FILE, ..data → ..TIMESTAMP/. */
  private Path mountLikeKubernetes(CaBundle bundle, String version) throws IOException {
    Path mount = Files.createDirectories(dir.resolve("cacerts"));
    write(Files.createDirectories(mount.resolve(version)), bundle);
    Files.createSymbolicLink(mount.resolve("..data"), Path.of(version));
    for (String name : bundle.files().keySet()) {
      Files.createSymbolicLink(mount.resolve(name), Path.of("..data", name));
    }
    return mount;
  }

  /** Kubernetes' update: a new version directory, then an atomic rename of a new ..data link. */
  private static void swapKubernetesMount(Path mount, CaBundle bundle, String version) throws IOException {
    write(Files.createDirectories(mount.resolve(version)), bundle);
    Path tmp = Files.createSymbolicLink(mount.resolve("..data_tmp"), Path.of(version));
    Files.move(tmp, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}

package dev.rigging.ca.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import javax.net.ssl.SSLContext;
import org.bouncycastle.crypto.fips.FipsUnapprovedOperationError;
import org.junit.jupiter.api.Test;

class FipsTest {
  @Test
  void installsTheFipsProvidersFirstInApprovedOnlyMode() throws Exception {
    Fips.Status status = Fips.install();

    assertThat(status.approvedOnly()).isTrue();
    assertThat(status.selfTestMessage()).isEqualTo("READY");
    assertThat(status.moduleVersion()).contains("FIPS").contains("2.1");
    assertThat(Security.getProviders()[0].getName()).isEqualTo(Fips.PROVIDER);
    assertThat(Security.getProviders()[1].getName()).isEqualTo(Fips.JSSE_PROVIDER);
    assertThat(SSLContext.getDefault().getProvider().getName()).isEqualTo(Fips.JSSE_PROVIDER);
    assertThat(Signature.getInstance("SHA256withECDSA").getProvider().getName()).isEqualTo(Fips.PROVIDER);
  }

  @Test
  void installIsIdempotent() {
    assertThat(Fips.install()).isSameAs(Fips.install());
    assertThat(Security.getProviders()).filteredOn(p -> p.getName().equals(Fips.PROVIDER)).hasSize(1);
    assertThat(Fips.installed()).isTrue();
  }

  @Test
  void approvedOnlyModeRefusesWeakKeyGeneration() throws Exception {
    Fips.install();
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA", Fips.PROVIDER);

    assertThatThrownBy(() -> {
      rsa.initialize(1024);
      rsa.generateKeyPair();
    }).isInstanceOf(FipsUnapprovedOperationError.class);
  }

  @Test
  void setsApprovedOnlyModeItselfWhenTheEntryPointCallsItFirst() throws Exception {
    assertThat(FipsProbe.run("install", null)).isEqualTo("approvedOnly=true");
  }

  @Test
  void refusesToRunWhenBouncyCastleWasLoadedBeforeInstall() throws Exception {
    assertThat(FipsProbe.run("load-then-install", null)).startsWith("refused: Bouncy Castle FIPS was initialized before");
  }

  @Test
  void refusesToRunWhenApprovedOnlyModeIsSwitchedOff() throws Exception {
    assertThat(FipsProbe.run("install", "false")).startsWith("refused: org.bouncycastle.fips.approved_only=false");
  }
}

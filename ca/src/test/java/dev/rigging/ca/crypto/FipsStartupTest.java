package dev.rigging.ca.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up gate in fresh JVMs: the FIPS variant's configuration passes, anything short of it is refused. */
class FipsStartupTest {
  private static final String REQUIRED = "-D" + FipsPolicy.REQUIRED_PROPERTY + "=true";
  private static final String GROUPS = "-D" + FipsPolicy.NAMED_GROUPS_PROPERTY + "=secp256r1,secp384r1";

  @TempDir Path dir;

  @Test
  void aFipsVariantConfigurationStartsAndExportsTheGaugeAsOne() throws Exception {
    FipsStartupProbe.Outcome outcome = FipsStartupProbe.run(
        "-Djava.security.properties==" + FipsStartupProbe.strictSecurityFile(dir), REQUIRED, GROUPS);

    assertThat(outcome.exitStatus()).as(outcome.stderr()).isZero();
    assertThat(outcome.stdout()).contains("gauge=1.0")
        .contains("fips required=true selfCheck=passed")
        .contains("version=2.1.2").contains("approvedOnly=true").contains("selfTest=READY")
        .contains("providers=[BCFIPS, BCJSSE]").contains("keyStoreType=BCFKS");
  }

  @Test
  void requiredModeOnTheJdkProviderListIsRefusedNamingWhatWouldServeCrypto() throws Exception {
    FipsStartupProbe.Outcome outcome = FipsStartupProbe.run(REQUIRED, GROUPS);

    assertThat(outcome.exitStatus()).isEqualTo(FipsStartup.REFUSED_EXIT_STATUS);
    assertThat(outcome.stdout()).doesNotContain("gauge=");
    assertThat(outcome.stderr()).contains("FATAL probe is a FIPS variant (rigging.fips.required=true) and refuses to start")
        .contains("provider SUN would serve [MessageDigest.SHA-256, MessageDigest.SHA-384")
        .contains("provider SunJSSE would serve [SSLContext.TLS")
        .contains("default key store type is pkcs12, not BCFKS");
  }

  @Test
  void requiredModeWithApprovedOnlySwitchedOffIsRefused() throws Exception {
    FipsStartupProbe.Outcome outcome = FipsStartupProbe.run(
        "-Djava.security.properties==" + FipsStartupProbe.strictSecurityFile(dir), REQUIRED, GROUPS,
        "-D" + Fips.APPROVED_ONLY_PROPERTY + "=false");

    assertThat(outcome.exitStatus()).isEqualTo(FipsStartup.REFUSED_EXIT_STATUS);
    assertThat(outcome.stderr()).contains("org.bouncycastle.fips.approved_only=false: the CA runs only in approved-only mode");
  }

  @Test
  void requiredModeWithoutTheNamedGroupsIsRefused() throws Exception {
    FipsStartupProbe.Outcome outcome = FipsStartupProbe.run(
        "-Djava.security.properties==" + FipsStartupProbe.strictSecurityFile(dir), REQUIRED);

    assertThat(outcome.exitStatus()).isEqualTo(FipsStartup.REFUSED_EXIT_STATUS);
    assertThat(outcome.stderr()).contains("jdk.tls.namedGroups is not set").doesNotContain("provider SUN");
  }

  @Test
  void theStandardFlavourStartsWithTheGaugeAtZero() throws Exception {
    FipsStartupProbe.Outcome outcome = FipsStartupProbe.run();

    assertThat(outcome.exitStatus()).as(outcome.stderr()).isZero();
    assertThat(outcome.stdout()).contains("gauge=0.0").contains("fips required=false selfCheck=failed");
  }
}

package dev.rigging.fips;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.ca.crypto.FipsStartup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A FIPS variant whose configuration is weakened at launch refuses to start and says why. */
class VariantRefusalTest {
  @TempDir Path dir;

  @Test
  void approvedOnlyModeSwitchedOffIsRefused() throws Exception {
    try (VariantProcess ca = VariantProcess.start("ca", "-Dorg.bouncycastle.fips.approved_only=false")) {
      assertThat(ca.awaitExit(Duration.ofSeconds(60))).isEqualTo(FipsStartup.REFUSED_EXIT_STATUS);
      assertThat(ca.output()).contains("FATAL ca is a FIPS variant (rigging.fips.required=true) and refuses to start")
          .contains("org.bouncycastle.fips.approved_only=false");
    }
  }

  @Test
  void aJdkProviderAddedAfterTheFipsOnesIsRefusedNamingWhatItWouldServe() throws Exception {
    String override = Files.readString(VariantProcess.FIPS_DIR.resolve("istiod-lite/conf/java.security"))
        + "\nsecurity.provider.3=SunRsaSign\n";
    Path weakened = Files.writeString(dir.resolve("java.security"), override);

    try (VariantProcess istiod = VariantProcess.start("istiod-lite", "-Djava.security.properties==" + weakened)) {
      assertThat(istiod.awaitExit(Duration.ofSeconds(60))).isEqualTo(FipsStartup.REFUSED_EXIT_STATUS);
      assertThat(istiod.output()).contains("FATAL istiod-lite is a FIPS variant")
          .contains("provider SunRsaSign would serve [Signature.SHA256withRSA");
    }
  }

  @Test
  void theTlsCurvesLeftOpenAreRefused() throws Exception {
    try (VariantProcess ca = VariantProcess.start("ca", "-Djdk.tls.namedGroups=secp256r1,x25519")) {
      assertThat(ca.awaitExit(Duration.ofSeconds(60))).isEqualTo(FipsStartup.REFUSED_EXIT_STATUS);
      assertThat(ca.output()).contains("jdk.tls.namedGroups=secp256r1,x25519 allows groups outside secp256r1,secp384r1");
    }
  }
}

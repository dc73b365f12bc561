package dev.rigging.ca.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The self-check's judgement, one departure from the FIPS variant's configuration at a time. */
class FipsSelfCheckTest {
  private static final FipsObservation.ProviderEntry BCFIPS = new FipsObservation.ProviderEntry(1, "BCFIPS",
      "org.bouncycastle.jcajce.provider.BouncyCastleFipsProvider", "BouncyCastle Security Provider (FIPS edition) v2.1.2",
      Optional.empty());
  private static final FipsObservation.ProviderEntry BCJSSE = new FipsObservation.ProviderEntry(2, "BCJSSE",
      "org.bouncycastle.jsse.provider.BouncyCastleJsseProvider", "Bouncy Castle JSSE Provider Version 2.1.22",
      Optional.of(true));

  @Test
  void theFipsVariantConfigurationPasses() {
    assertThat(FipsSelfCheck.violations(compliant())).isEmpty();
  }

  @Test
  void aFailedSelfTestIsAViolation() {
    FipsObservation o = compliant();
    FipsObservation failed = new FipsObservation(o.moduleInfo(), o.moduleVersion(), o.moduleHmac(), true,
        "Self test failed: AES", o.nativeSupport(), o.providers(), o.keyStoreType(), o.namedGroups(), o.offers());

    assertThat(FipsSelfCheck.violations(failed))
        .containsExactly("Bouncy Castle FIPS self-test status is \"Self test failed: AES\", not READY: the module is in its error state and must not be used");
  }

  @Test
  void approvedOnlyModeOffIsAViolation() {
    FipsObservation o = compliant();
    FipsObservation off = new FipsObservation(o.moduleInfo(), o.moduleVersion(), o.moduleHmac(), false, "READY",
        o.nativeSupport(), o.providers(), o.keyStoreType(), o.namedGroups(), o.offers());

    assertThat(FipsSelfCheck.violations(off)).singleElement().asString().startsWith("Bouncy Castle FIPS is not in approved-only mode");
  }

  @Test
  void aProviderThatWouldServeAUsedAlgorithmIsNamedWithWhatItWouldServe() {
    FipsObservation.ProviderEntry sun = new FipsObservation.ProviderEntry(3, "SUN", "sun.security.provider.Sun", "SUN", Optional.empty());
    Map<FipsPolicy.Service, List<String>> offers = offers();
    offers.put(FipsPolicy.USED_SERVICES.get(1), List.of("BCFIPS", "SUN"));

    List<String> violations = FipsSelfCheck.violations(observation(List.of(BCFIPS, BCJSSE, sun), "BCFKS",
        Optional.of("secp256r1,secp384r1"), offers));

    assertThat(violations).containsExactly("provider SUN would serve [MessageDigest.SHA-256], which only the Bouncy Castle"
        + " FIPS providers may serve: remove it from the java.security provider list");
  }

  @Test
  void aProviderThatServesNothingRiggingUsesIsTolerated() {
    FipsObservation.ProviderEntry ldap = new FipsObservation.ProviderEntry(3, "JdkLDAP", "sun.security.provider.certpath.ldap.JdkLDAP", "", Optional.empty());

    assertThat(FipsSelfCheck.violations(observation(List.of(BCFIPS, BCJSSE, ldap), "BCFKS",
        Optional.of("secp256r1,secp384r1"), offers()))).isEmpty();
  }

  @Test
  void wrongOrderNonFipsJsseKeyStoreTypeAndGroupsAreEachReported() {
    FipsObservation.ProviderEntry plainJsse = new FipsObservation.ProviderEntry(1, "BCJSSE", BCJSSE.className(), "", Optional.of(false));
    FipsObservation.ProviderEntry second = new FipsObservation.ProviderEntry(2, "BCFIPS", BCFIPS.className(), "", Optional.empty());

    List<String> violations = FipsSelfCheck.violations(observation(List.of(plainJsse, second), "PKCS12",
        Optional.of("secp256r1,x25519"), offers()));

    assertThat(violations).hasSize(4);
    assertThat(violations.get(0)).startsWith("security providers are [BCJSSE, BCFIPS]; a FIPS variant needs BCFIPS first and BCJSSE second");
    assertThat(violations.get(1)).startsWith("BCJSSE (org.bouncycastle.jsse.provider.BouncyCastleJsseProvider) is not in FIPS mode");
    assertThat(violations.get(2)).isEqualTo("default key store type is PKCS12, not BCFKS (keystore.type in the java.security override)");
    assertThat(violations.get(3)).isEqualTo("jdk.tls.namedGroups=secp256r1,x25519 allows groups outside secp256r1,secp384r1");
  }

  @Test
  void aUsedServiceTheModuleDoesNotOfferIsReported() {
    Map<FipsPolicy.Service, List<String>> offers = offers();
    offers.put(FipsPolicy.USED_SERVICES.get(0), List.of());

    assertThat(FipsSelfCheck.violations(observation(List.of(BCFIPS, BCJSSE), "BCFKS", Optional.of("secp384r1"), offers)))
        .containsExactly("BCFIPS does not offer SecureRandom.DEFAULT, which Rigging uses");
  }

  @Test
  void theTestJvmIsTheStandardFlavourAndFailsTheCheck() {
    FipsSelfCheck.Result result = FipsSelfCheck.installAndCheck();

    assertThat(result.passed()).isFalse();
    assertThat(result.observation()).get().satisfies(o -> {
      assertThat(o.approvedOnly()).isTrue();
      assertThat(o.selfTest()).isEqualTo("READY");
      assertThat(o.moduleVersion()).isEqualTo("2.1.2");
      assertThat(o.moduleHmac()).hasSize(64);
      assertThat(o.providerNames()).startsWith("BCFIPS", "BCJSSE").contains("SUN");
    });
    assertThat(result.violations()).anySatisfy(v -> assertThat(v).startsWith("provider SUN would serve"));
  }

  private static FipsObservation compliant() {
    return observation(List.of(BCFIPS, BCJSSE), "BCFKS", Optional.of("secp256r1,secp384r1"), offers());
  }

  private static FipsObservation observation(List<FipsObservation.ProviderEntry> providers, String keyStoreType,
      Optional<String> groups, Map<FipsPolicy.Service, List<String>> offers) {
    return new FipsObservation(BCFIPS.info(), "2.1.2", "00".repeat(32), true, "READY", "disabled (pure Java)",
        providers, keyStoreType, groups, offers);
  }

  private static Map<FipsPolicy.Service, List<String>> offers() {
    Map<FipsPolicy.Service, List<String>> offers = new LinkedHashMap<>();
    FipsPolicy.USED_SERVICES.forEach(s -> offers.put(s, List.of(s.provider())));
    return offers;
  }
}

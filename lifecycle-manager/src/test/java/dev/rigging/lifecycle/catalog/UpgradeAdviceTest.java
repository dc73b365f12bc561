package dev.rigging.lifecycle.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpgradeAdviceTest {
  private final Catalog catalog = CatalogLoader.load(Optional.empty());
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

  private static KubernetesVersion k8s(String v) {
    return KubernetesVersion.parse(v).orElseThrow();
  }

  @Test
  void aNewerSecurityPatchOutranksANewerMinor() {
    UpgradeAdvice a = UpgradeAdvice.of(catalog, "1.0.0", "std", k8s("1.31"), TODAY);
    assertThat(a.status()).isEqualTo("SECURITY PATCH AVAILABLE");
    assertThat(a.latestPatch()).map(v -> v.version().toString()).contains("1.0.1");
    assertThat(a.newestSupported()).map(v -> v.version().toString()).contains("1.1.0");
  }

  @Test
  void theNewestSupportedVersionDependsOnTheClustersKubernetes() {
    UpgradeAdvice a = UpgradeAdvice.of(catalog, "1.0.1", "std", k8s("1.29"), TODAY);
    assertThat(a.status()).isEqualTo("up to date");
    assertThat(a.newestSupported()).isEmpty();
    assertThat(UpgradeAdvice.of(catalog, "1.0.1", "fips", k8s("1.30"), TODAY).status()).isEqualTo("newer version available");
  }

  @Test
  void endOfLifeIsJudgedAgainstToday() {
    UpgradeAdvice a = UpgradeAdvice.of(catalog, "1.0.1", "std", k8s("1.31"), LocalDate.of(2027, 5, 1));
    assertThat(a.endOfLife()).isTrue();
    assertThat(a.status()).isEqualTo("END OF LIFE since 2027-04-30");
    assertThat(UpgradeAdvice.of(catalog, "0.8.0", "std", k8s("1.31"), TODAY).status()).startsWith("not in catalog");
  }

  @Test
  void kubernetesVersionsParseAsApiServersReportThem() {
    assertThat(KubernetesVersion.parse("v1.30.2-eks-1a2b3c")).contains(new KubernetesVersion(1, 30));
    assertThat(KubernetesVersion.of("1", "31+")).contains(new KubernetesVersion(1, 31));
    assertThat(KubernetesVersion.parse("v1.29.4-gke.1043002")).contains(new KubernetesVersion(1, 29));
    assertThat(KubernetesVersion.parse("latest")).isEmpty();
  }
}

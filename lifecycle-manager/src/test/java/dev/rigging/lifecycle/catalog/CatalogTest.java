package dev.rigging.lifecycle.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rigging.lifecycle.errors.InputException;
import dev.rigging.lifecycle.errors.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
  @TempDir Path dir;

  @Test
  void theBuiltInCatalogHasStdAndFipsVersionsWithUpstreamProxies() {
    Catalog c = CatalogLoader.load(Optional.empty());
    assertThat(c.versions()).extracting(v -> v.version().toString()).containsExactly("1.1.0", "1.0.1", "1.0.0");
    MeshVersion latest = c.latest(Flavour.STD);
    assertThat(latest.version()).isEqualTo(new SemVer(1, 1, 0));
    assertThat(latest.images(Flavour.STD).proxy()).isEqualTo("docker.io/istio/proxyv2:1.28.1");
    assertThat(latest.images(Flavour.FIPS).istiod()).endsWith("1.1.0-fips");
    assertThat(c.require("1.0.1").security()).isTrue();
    assertThat(c.require("v1.0.0").kubernetes().contains(KubernetesVersion.parse("v1.33.4-eks-3025e55").orElseThrow())).isTrue();
    assertThat(c.require("1.0.0").kubernetes().contains(KubernetesVersion.parse("1.34").orElseThrow())).isFalse();
  }

  @Test
  void anUnknownVersionNamesTheKnownOnes() {
    Catalog c = CatalogLoader.load(Optional.empty());
    assertThatThrownBy(() -> c.require("9.9.9")).isInstanceOf(UsageException.class)
        .hasMessageContaining("unknown version 9.9.9").hasMessageContaining("known versions: 1.1.0, 1.0.1, 1.0.0");
    assertThatThrownBy(() -> c.require("latest")).isInstanceOf(UsageException.class)
        .hasMessageContaining("\"latest\" is not a version");
  }

  @Test
  void aBrokenOverrideIsAnInputErrorNamingTheEntry() throws Exception {
    Path f = dir.resolve("versions.yaml");
    Files.writeString(f, """
        versions:
          - version: 2.0.0
            endOfLife: 2028-01-01
            kubernetes: {min: "1.31", max: "1.30"}
            flavours: {std: {istiod: a, ca: b, proxy: c}}
        """);
    assertThatThrownBy(() -> CatalogLoader.load(Optional.of(f))).isInstanceOf(InputException.class)
        .hasMessageContaining("version 2.0.0: kubernetes.min 1.31 is above kubernetes.max 1.30");
    Files.writeString(f, "versions:\n  - version: 2.0.0\n    colour: red\n");
    assertThatThrownBy(() -> CatalogLoader.load(Optional.of(f))).isInstanceOf(InputException.class)
        .hasMessageContaining("colour");
    assertThatThrownBy(() -> CatalogLoader.load(Optional.of(dir.resolve("missing.yaml"))))
        .isInstanceOf(InputException.class).hasMessageContaining("does not exist");
  }
}

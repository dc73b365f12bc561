package dev.rigging.lifecycle.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.lifecycle.catalog.CatalogLoader;
import dev.rigging.lifecycle.spec.Cloud;
import dev.rigging.lifecycle.spec.Profiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * {@code NativeResourcesTest} checks that {@code quarkus.native.resources.includes} covers every
 * class-path resource rig reads, so a native image would carry them.
 */
class NativeResourcesTest {

  @Test
  void everyResourceRigReadsIsIncludedInANativeImage() throws IOException {
    Properties config = new Properties();
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
      assertThat(in).as("application.properties").isNotNull();
      config.load(in);
    }
    String includes = config.getProperty("quarkus.native.resources.includes");
    assertThat(includes).as("quarkus.native.resources.includes").isNotBlank();
    List<PathMatcher> globs = Arrays.stream(includes.split(","))
        .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g.trim())).toList();

    List<String> read = new ArrayList<>();
    read.add(CatalogLoader.BUILT_IN);
    Profiles.NAMES.forEach(n -> read.add("profiles/" + n + ".yaml"));
    Arrays.stream(Cloud.values()).filter(Cloud::hasOverlay).forEach(c -> read.add("profiles/cloud/" + c.id() + ".yaml"));

    for (String resource : read) {
      assertThat(getClass().getClassLoader().getResource(resource)).as("%s on the class path", resource).isNotNull();
      assertThat(globs.stream().anyMatch(g -> g.matches(Path.of(resource))))
          .as("%s matches quarkus.native.resources.includes=%s", resource, includes).isTrue();
    }
  }
}

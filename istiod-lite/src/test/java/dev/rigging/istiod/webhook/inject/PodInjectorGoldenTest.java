package dev.rigging.istiod.webhook.inject;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rigging.istiod.networking.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code PodInjectorGoldenTest} injects every pod under {@code src/test/resources/inject/<case>/}:
 * {@code pod.yaml} as the API server would send it, {@code settings.yaml} with {@code revision},
 * {@code nativeSidecars}, and rig's {@code mesh} / {@code values} ConfigMap contents (absent: rig's
 * defaults). The pod after the patch must equal {@code injected.yaml} (refresh with
 * {@code -Drefresh.golden=true}), and injecting that pod again must change nothing.
 */
class PodInjectorGoldenTest {
  static final Path ROOT = Path.of("src", "test", "resources", "inject");

  @TestFactory
  Stream<DynamicTest> goldenPods() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(ROOT)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        tests.add(DynamicTest.dynamicTest(dir.getFileName().toString(), dir.toUri(), () -> check(dir)));
      }
    }
    assertThat(tests).as("golden cases under %s", ROOT.toAbsolutePath()).isNotEmpty();
    return tests.stream();
  }

  private static void check(Path dir) throws IOException {
    JsonNode settingsFile = Files.exists(dir.resolve("settings.yaml"))
        ? InjectionFixtures.yaml(Files.readString(dir.resolve("settings.yaml"))) : InjectionFixtures.yaml("{}");
    InjectionSettings settings = InjectionFixtures.settings(settingsFile.path("revision").asText("default"),
        settingsFile.path("nativeSidecars").asBoolean(false),
        settingsFile.path("mesh").asText(InjectionFixtures.RIG_MESH),
        settingsFile.path("values").asText(InjectionFixtures.RIG_VALUES));
    PodInjector injector = new PodInjector(() -> settings);
    JsonNode pod = InjectionFixtures.yaml(Files.readString(dir.resolve("pod.yaml")));
    String namespace = settingsFile.path("requestNamespace").asText("shop");
    JsonNode injected = InjectionFixtures.applied(pod, injector.inject(pod, namespace));
    GoldenFiles.assertMatches(dir.resolve("injected.yaml"), InjectionFixtures.YAML.writeValueAsString(injected));

    InjectionOutcome again = injector.inject(injected, namespace);
    assertThat(again).as("re-injecting %s", dir.getFileName()).isInstanceOf(InjectionOutcome.Injected.class);
    assertThat(((InjectionOutcome.Injected) again).patch()).as("patch re-injecting %s", dir.getFileName()).isEmpty();
  }
}

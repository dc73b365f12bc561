package dev.rigging.mesh.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.mesh.config.ConfigLoader;
import dev.rigging.mesh.config.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The examples of Istio's documentation (in test fixtures) must be valid and draw no warnings. */
class IstioExamplesTest {
  private final ConfigLoader loader = new ConfigLoader("default");
  private final ConfigValidator validator = new ConfigValidator();

  @ParameterizedTest
  @CsvSource({"bookinfo.yaml, 10", "egress.yaml, 10", "workloads.yaml, 7", "security.yaml, 17"})
  void fixtureIsValid(String file, int objects) throws IOException {
    var loaded = loader.load(file, read("fixtures/" + file));
    assertThat(loaded.errors()).isEmpty();
    assertThat(loaded.objects()).extracting(o -> o.key().toString()).hasSize(objects);
    assertThat(loaded.objects()).allSatisfy(o -> {
      assertThat(o.namespace()).isEqualTo("default");
      assertThat(validator.check(o).warnings()).as("warnings of %s", o.key()).isEmpty();
    });
  }

  @ParameterizedTest
  @CsvSource({"bookinfo.yaml, VIRTUAL_SERVICE, 5", "bookinfo.yaml, DESTINATION_RULE, 4", "bookinfo.yaml, GATEWAY, 1",
      "egress.yaml, SERVICE_ENTRY, 5", "workloads.yaml, SIDECAR, 3", "workloads.yaml, WORKLOAD_ENTRY, 1",
      "security.yaml, PEER_AUTHENTICATION, 3", "security.yaml, AUTHORIZATION_POLICY, 11", "security.yaml, REQUEST_AUTHENTICATION, 3"})
  void fixtureHoldsTheExpectedKinds(String file, Kind kind, int count) throws IOException {
    var loaded = loader.load(file, read("fixtures/" + file));
    assertThat(loaded.objects()).filteredOn(o -> o.kind() == kind).hasSize(count);
  }

  static String read(String resource) throws IOException {
    try (InputStream in = IstioExamplesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

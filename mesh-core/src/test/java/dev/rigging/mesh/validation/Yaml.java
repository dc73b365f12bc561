package dev.rigging.mesh.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.mesh.config.ConfigCodec;
import dev.rigging.mesh.config.ConfigError;
import dev.rigging.mesh.config.ConfigObject;
import java.util.List;
import java.util.stream.Collectors;

/** Test helper: wraps spec snippets into objects, decodes them and runs the validator. */
final class Yaml {
  private static final ConfigCodec CODEC = new ConfigCodec("default");
  private static final ConfigValidator VALIDATOR = new ConfigValidator();

  private Yaml() {}

  static String vs(String spec) {
    return object("VirtualService", "reviews", spec);
  }

  static String dr(String spec) {
    return object("DestinationRule", "reviews", spec);
  }

  static String se(String spec) {
    return object("ServiceEntry", "external", spec);
  }

  static String we(String spec) {
    return object("WorkloadEntry", "vm1", spec);
  }

  static String gw(String spec) {
    return object("Gateway", "ingress", spec);
  }

  static String sidecar(String spec) {
    return object("Sidecar", "default", spec);
  }

  static String pa(String spec) {
    return security("PeerAuthentication", "default", spec);
  }

  static String ap(String spec) {
    return security("AuthorizationPolicy", "policy", spec);
  }

  static String ra(String spec) {
    return security("RequestAuthentication", "jwt", spec);
  }

  static String object(String kind, String name, String spec) {
    return object("networking.istio.io/v1", kind, name, spec);
  }

  static String security(String kind, String name, String spec) {
    return object("security.istio.io/v1", kind, name, spec);
  }

  static String object(String apiVersion, String kind, String name, String spec) {
    return "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata: {name: " + name + ", namespace: shop}\nspec:\n"
        + spec.stripTrailing().lines().map(l -> "  " + l).collect(Collectors.joining("\n")) + "\n";
  }

  static ConfigObject<?> decode(String yaml) {
    var decoded = CODEC.decode("test.yaml", yaml);
    assertThat(decoded.errors()).as("decoding errors").isEmpty();
    assertThat(decoded.objects()).hasSize(1);
    return decoded.objects().get(0);
  }

  static ValidationResult check(String yaml) {
    return VALIDATOR.check(decode(yaml));
  }

  static List<ConfigError> errors(String yaml) {
    return check(yaml).errors();
  }

  /** Asserts that some error has exactly {@code field} and a message containing {@code messagePart}. */
  static void assertError(String yaml, String field, String messagePart) {
    List<ConfigError> errors = errors(yaml);
    assertThat(errors)
        .as("errors of:\n%s", yaml)
        .anySatisfy(e -> {
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.message()).contains(messagePart);
        });
  }

  static void assertWarning(String yaml, String field, String messagePart) {
    ValidationResult r = check(yaml);
    assertThat(r.errors()).as("errors of:\n%s", yaml).isEmpty();
    assertThat(r.warnings()).anySatisfy(e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.message()).contains(messagePart);
    });
  }

  static void assertValid(String yaml) {
    assertThat(errors(yaml)).as("errors of:\n%s", yaml).isEmpty();
  }
}

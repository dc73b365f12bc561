package dev.rigging.istiod.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.model.PathNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The path authorization checks for each of Istio's {@code pathNormalization} modes, on the request
 * shapes that were used to bypass path rules (dot segments, encoded dots, backslashes, double
 * slashes, encoded slashes, fragments, queries): it must be the path Envoy forwards.
 */
class PathNormalizerTest {

  @ParameterizedTest(name = "{0} under {1} is {2}")
  @CsvSource(delimiter = '|', value = {
      "/a/../admin              | BASE                     | /admin",
      "/a/./b/.                 | BASE                     | /a/b/",
      "/../../admin             | BASE                     | /admin",
      "/a/%2e%2e/admin          | BASE                     | /admin",
      "/a/%2E%2e/admin          | BASE                     | /admin",
      "/%61dmin                 | BASE                     | /admin",
      "/a\\..\\admin            | BASE                     | /admin",
      "/admin#/../public        | BASE                     | /admin",
      "/admin?x=/../public      | BASE                     | /admin",
      "/a/%2f/b%2Fc             | BASE                     | /a/%2F/b%2Fc",
      "//admin//x               | BASE                     | //admin//x",
      "//admin//x               | MERGE_SLASHES            | /admin/x",
      "/a/..%2fadmin            | MERGE_SLASHES            | /a/..%2Fadmin",
      "/a/..%2fadmin            | DECODE_AND_MERGE_SLASHES | /admin",
      "/a%2F%2Fadmin            | DECODE_AND_MERGE_SLASHES | /a/admin",
      "/a%5c..%5cadmin          | DECODE_AND_MERGE_SLASHES | /admin",
      "/a/../admin              | NONE                     | /a/../admin",
      "/admin#frag              | NONE                     | /admin",
      "/admin?q                 | NONE                     | /admin",
  })
  void normalizesAsEnvoyForwards(String raw, PathNormalization mode, String authorized) {
    assertThat(PathNormalizer.normalize(raw, mode)).isEqualTo(authorized);
  }
}

package dev.rigging.lifecycle.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rigging.lifecycle.errors.UsageException;
import org.junit.jupiter.api.Test;

class SetFlagTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String tree(String flag) throws Exception {
    return JSON.writeValueAsString(SetFlag.parse(flag).toTree());
  }

  @Test
  void valuesAreTypedAsIstioctlTypesThem() throws Exception {
    assertThat(tree("values.pilot.replicaCount=2")).isEqualTo("{\"values\":{\"pilot\":{\"replicaCount\":2}}}");
    assertThat(tree("values.pilot.autoscaleEnabled=false")).isEqualTo("{\"values\":{\"pilot\":{\"autoscaleEnabled\":false}}}");
    assertThat(tree("meshConfig.accessLogFile=/dev/stdout")).isEqualTo("{\"meshConfig\":{\"accessLogFile\":\"/dev/stdout\"}}");
    assertThat(tree("values.pilot.env.LIMIT=a=b")).isEqualTo("{\"values\":{\"pilot\":{\"env\":{\"LIMIT\":\"a=b\"}}}}");
  }

  @Test
  void indexesAndEscapedDotsBuildListsAndDottedKeys() throws Exception {
    assertThat(tree("components.ingressGateways[1].enabled=true"))
        .isEqualTo("{\"components\":{\"ingressGateways\":[{},{\"enabled\":true}]}}");
    assertThat(tree("values.pilot.podAnnotations.prometheus\\.io/scrape=true"))
        .isEqualTo("{\"values\":{\"pilot\":{\"podAnnotations\":{\"prometheus.io/scrape\":true}}}}");
  }

  @Test
  void malformedFlagsAreUsageErrors() {
    assertThatThrownBy(() -> SetFlag.parse("=3")).isInstanceOf(UsageException.class).hasMessageContaining("expected path=value");
    assertThatThrownBy(() -> SetFlag.parse("a..b=1")).isInstanceOf(UsageException.class)
        .hasMessageContaining("malformed path element \"\"");
  }

  @Test
  void listsMergeByNameOrPosition() throws Exception {
    var base = JSON.readTree("{\"gw\":[{\"name\":\"a\",\"enabled\":true,\"k\":1},{\"name\":\"b\",\"enabled\":false}]}");
    assertThat(JSON.writeValueAsString(TreeMerger.merge(base, JSON.readTree("{\"gw\":[{\"name\":\"b\",\"enabled\":true}]}"))))
        .isEqualTo("{\"gw\":[{\"name\":\"a\",\"enabled\":true,\"k\":1},{\"name\":\"b\",\"enabled\":true}]}");
    assertThat(JSON.writeValueAsString(TreeMerger.merge(base, JSON.readTree("{\"gw\":[{\"enabled\":false}]}"))))
        .isEqualTo("{\"gw\":[{\"name\":\"a\",\"enabled\":false,\"k\":1},{\"name\":\"b\",\"enabled\":false}]}");
    assertThat(JSON.writeValueAsString(TreeMerger.merge(JSON.readTree("{\"l\":[1,2]}"), JSON.readTree("{\"l\":[3]}"))))
        .isEqualTo("{\"l\":[3]}");
  }
}

package dev.rigging.istiod.webhook.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * {@code PrometheusMerge} is Istio's metrics merging ({@code enablePrometheusMerge}): the pod's
 * {@code prometheus.io/*} scrape annotations are handed to pilot-agent in
 * {@code ISTIO_PROMETHEUS_ANNOTATIONS} and replaced by annotations pointing at pilot-agent's
 * status port ({@code /stats/prometheus}), which serves the application's and Envoy's metrics
 * together. A pod that says {@code prometheus.io/scrape: "false"} is left alone.
 */
final class PrometheusMerge {
  static final String ENV = "ISTIO_PROMETHEUS_ANNOTATIONS";
  static final String SCRAPE = "prometheus.io/scrape";
  static final String PATH = "prometheus.io/path";
  static final String PORT = "prometheus.io/port";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PrometheusMerge() {}

  /** Applies the merge; returns the value of {@link #ENV}, or null when none is needed. */
  static String apply(Pod pod, int statusPort) {
    Map<String, String> a = PodMetadata.annotations(pod.getMetadata());
    if ("false".equalsIgnoreCase(a.getOrDefault(SCRAPE, "").trim())) {
      return null;
    }
    ObjectNode scrape = JSON.createObjectNode();
    for (String key : List.of(SCRAPE, PATH, PORT)) {
      String v = a.remove(key);
      if (v != null) {
        scrape.put(key.substring("prometheus.io/".length()), v);
      }
    }
    a.put(PORT, String.valueOf(statusPort));
    a.put(PATH, "/stats/prometheus");
    a.put(SCRAPE, "true");
    return scrape.isEmpty() ? null : ProxyEnvironment.toJson(scrape);
  }

  /** Undoes {@link #apply}: puts back the recorded annotations (or removes ours when there were none). */
  static void restore(Pod pod, int statusPort, String recorded) {
    Map<String, String> a = PodMetadata.annotations(pod.getMetadata());
    if (recorded == null && !String.valueOf(statusPort).equals(a.get(PORT))) {
      return;
    }
    a.remove(SCRAPE);
    a.remove(PATH);
    a.remove(PORT);
    if (recorded != null) {
      try {
        JsonNode scrape = JSON.readTree(recorded);
        scrape.fields().forEachRemaining(e -> a.put("prometheus.io/" + e.getKey(), e.getValue().asText()));
      } catch (java.io.IOException e) {
        // an unreadable record cannot be restored; the merge is simply applied again
      }
    }
  }
}

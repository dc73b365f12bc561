package dev.rigging.ca.app;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Runs the app in Kubernetes mode against the mock API server. */
public class KubernetesMode implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("rigging.ca.mode", "kubernetes", "rigging.ca.namespace", "istio-system");
  }
}

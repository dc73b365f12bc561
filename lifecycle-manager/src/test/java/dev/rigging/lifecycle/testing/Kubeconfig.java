package dev.rigging.lifecycle.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** TEST-ONLY. {@code Kubeconfig} writes a kubeconfig with one context per mock cluster (context = cluster name). */
public final class Kubeconfig {
  private Kubeconfig() {}

  /** Writes {@code file}; the first cluster's context is current. {@code extraContexts} point nowhere reachable. */
  public static Path write(Path file, MockCluster... clusters) throws IOException {
    StringBuilder sb = new StringBuilder("apiVersion: v1\nkind: Config\ncurrent-context: ")
        .append(clusters[0].name()).append("\nclusters:\n");
    for (MockCluster c : clusters) {
      sb.append("- name: ").append(c.name()).append("\n  cluster:\n    server: ").append(c.url()).append('\n');
    }
    sb.append("- name: unreachable\n  cluster:\n    server: http://127.0.0.1:1\n");
    sb.append("contexts:\n");
    for (MockCluster c : clusters) {
      sb.append("- name: ").append(c.name()).append("\n  context:\n    cluster: ").append(c.name())
          .append("\n    user: admin-").append(c.name()).append('\n');
    }
    sb.append("- name: unreachable\n  context:\n    cluster: unreachable\n    user: admin-unreachable\n");
    sb.append("users:\n");
    for (MockCluster c : clusters) {
      sb.append("- name: admin-").append(c.name()).append("\n  user:\n    token: test-token\n");
    }
    sb.append("- name: admin-unreachable\n  user:\n    token: test-token\n");
    Files.writeString(file, sb.toString());
    return file;
  }
}

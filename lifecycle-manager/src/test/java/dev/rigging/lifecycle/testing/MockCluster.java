package dev.rigging.lifecycle.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;

/**
 * TEST-ONLY. {@code MockCluster} is one Fabric8 mock API server in CRUD mode (with the
 * {@link ServerSideApplyDispatcher} stand-ins) reporting a chosen Kubernetes version, plus a
 * client to inspect it. Several run at once for fleet tests.
 */
public final class MockCluster implements AutoCloseable {
  private final String name;
  private final ServerSideApplyDispatcher dispatcher = new ServerSideApplyDispatcher();
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public MockCluster(String name, String kubernetesMinor) {
    this.name = name;
    this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    setKubernetesVersion(kubernetesMinor);
    this.client = server.createClient();
  }

  /** Makes {@code /version} report Kubernetes 1.{@code minor}. */
  public void setKubernetesVersion(String minor) {
    dispatcher.version("1", minor);
  }

  public String name() {
    return name;
  }

  /** The API server URL, for kubeconfigs. */
  public String url() {
    return server.url("/").replaceAll("/$", "");
  }

  public KubernetesClient client() {
    return client;
  }

  public ServerSideApplyDispatcher api() {
    return dispatcher;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}

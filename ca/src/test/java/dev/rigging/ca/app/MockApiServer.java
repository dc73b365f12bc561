package dev.rigging.ca.app;

import dev.rigging.ca.testing.TokenReviews;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.util.function.Consumer;

/**
 * {@code MockApiServer} prepares the mock API server before the app starts: three namespaces, and
 * TokenReview answered like kube-apiserver for tokens of the form {@code valid:NAMESPACE:NAME}.
 */
public class MockApiServer implements Consumer<KubernetesServer> {
  @Override
  public void accept(KubernetesServer server) {
    for (String ns : new String[] {"istio-system", "default", "shop"}) {
      server.getClient().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    TokenReviews.answer(server.expect());
  }
}

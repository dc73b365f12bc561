package dev.rigging.ca.app;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
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
    server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, request -> {
      TokenReview review = Serialization.unmarshal(request.getBody().readUtf8(), TokenReview.class);
      String[] parts = review.getSpec().getToken().split(":");
      boolean valid = parts.length == 3 && parts[0].equals("valid");
      return new TokenReviewBuilder(review).withNewStatus().withAuthenticated(valid)
          .withAudiences(review.getSpec().getAudiences())
          .withNewUser().withUsername(valid ? "system:serviceaccount:" + parts[1] + ":" + parts[2] : null).endUser()
          .endStatus().build();
    }).always();
  }
}

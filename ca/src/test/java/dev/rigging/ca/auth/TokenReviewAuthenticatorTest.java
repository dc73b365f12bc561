package dev.rigging.ca.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.ca.Identity;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mock API server answers TokenReviews like kube-apiserver for a fixed set of tokens. */
@EnableKubernetesMockClient(crud = true, https = false)
class TokenReviewAuthenticatorTest {
  static final Map<String, String> VALID = Map.of("token-reviews", "system:serviceaccount:shop:reviews",
      "token-node", "system:node:worker-1");

  KubernetesMockServer server;
  KubernetesClient client;
  final List<TokenReview> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void apiServer() {
    server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, request -> {
      TokenReview review = Serialization.unmarshal(request.getBody().readUtf8(), TokenReview.class);
      received.add(review);
      String user = VALID.get(review.getSpec().getToken());
      List<String> audiences = "token-unaware".equals(review.getSpec().getToken()) ? List.of() : review.getSpec().getAudiences();
      if ("token-unaware".equals(review.getSpec().getToken())) {
        user = "system:serviceaccount:shop:reviews";
      }
      return new TokenReviewBuilder(review).withNewStatus().withAuthenticated(user != null).withAudiences(audiences)
          .withNewUser().withUsername(user).endUser().endStatus().build();
    }).always();
  }

  @Test
  void theReviewedServiceAccountIsTheCallerAndTheAudienceIsIstioCa() {
    TokenReviewAuthenticator authenticator = new TokenReviewAuthenticator(client, "cluster.local", "istio-ca");

    AuthResult result = authenticator.authenticate(JwtAuthenticatorTest.bearer("token-reviews"), List.of());

    assertThat(result).isEqualTo(new AuthResult.Authenticated(new Identity("cluster.local", "shop", "reviews"), "tokenreview"));
    assertThat(received).singleElement().satisfies(r -> assertThat(r.getSpec().getAudiences()).containsExactly("istio-ca"));
  }

  @Test
  void refusesWhatTheApiServerDoesNotAuthenticate() {
    TokenReviewAuthenticator authenticator = new TokenReviewAuthenticator(client, "cluster.local", "istio-ca");

    assertThat(authenticator.authenticate(JwtAuthenticatorTest.bearer("forged"), List.of()))
        .isInstanceOfSatisfying(AuthResult.Rejected.class, r -> assertThat(r.reason()).contains("not authenticated"));
  }

  @Test
  void refusesUsersThatAreNotServiceAccounts() {
    TokenReviewAuthenticator authenticator = new TokenReviewAuthenticator(client, "cluster.local", "istio-ca");

    assertThat(authenticator.authenticate(JwtAuthenticatorTest.bearer("token-node"), List.of()))
        .isInstanceOf(AuthResult.Rejected.class);
  }

  @Test
  void refusesAnAnswerThatDoesNotConfirmTheAudience() {
    TokenReviewAuthenticator authenticator = new TokenReviewAuthenticator(client, "cluster.local", "istio-ca");

    assertThat(authenticator.authenticate(JwtAuthenticatorTest.bearer("token-unaware"), List.of()))
        .isInstanceOfSatisfying(AuthResult.Rejected.class, r -> assertThat(r.reason()).contains("did not confirm audience"));
  }
}

package dev.rigging.ca.auth;

import dev.rigging.ca.Identity;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Objects;

/**
 * {@code TokenReviewAuthenticator} asks the Kubernetes API server (a TokenReview, through Fabric8)
 * whether a service-account token is valid for the audience {@code istio-ca}. The reviewed user
 * must be {@code system:serviceaccount:NAMESPACE:NAME}, and the API server must confirm the
 * audience in its answer (an empty answer means it did not check audiences).
 *
 * <p>The CA's service account needs {@code create} on {@code tokenreviews.authentication.k8s.io}.
 */
public final class TokenReviewAuthenticator extends BearerTokenAuthenticator {
  private final KubernetesClient client;
  private final String trustDomain;
  private final String audience;

  public TokenReviewAuthenticator(KubernetesClient client, String trustDomain, String audience) {
    this.client = Objects.requireNonNull(client, "client");
    this.trustDomain = Objects.requireNonNull(trustDomain, "trustDomain");
    this.audience = Objects.requireNonNull(audience, "audience");
  }

  @Override
  protected AuthResult authenticateToken(String token) {
    TokenReview review = new TokenReviewBuilder().withNewSpec().withToken(token).withAudiences(audience).endSpec().build();
    TokenReview answer;
    try {
      answer = client.authentication().v1().tokenReviews().create(review);
    } catch (KubernetesClientException e) {
      return new AuthResult.Rejected("TokenReview failed (HTTP " + e.getCode() + "): " + e.getMessage());
    }
    TokenReviewStatus status = answer == null ? null : answer.getStatus();
    if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
      return new AuthResult.Rejected("token not authenticated by the API server"
          + (status != null && status.getError() != null ? ": " + status.getError() : ""));
    }
    List<String> audiences = status.getAudiences();
    if (audiences == null || !audiences.contains(audience)) {
      return new AuthResult.Rejected("API server did not confirm audience " + audience + " (returned " + audiences + ")");
    }
    String user = status.getUser() == null ? null : status.getUser().getUsername();
    try {
      return new AuthResult.Authenticated(Identity.fromServiceAccountUser(trustDomain, user), "tokenreview");
    } catch (IllegalArgumentException e) {
      return new AuthResult.Rejected("reviewed user refused: " + e.getMessage());
    }
  }
}

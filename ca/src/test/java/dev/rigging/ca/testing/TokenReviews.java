package dev.rigging.ca.testing;

import static dev.rigging.ca.testing.SvidAssertions.assertSvid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * {@code TokenReviews} stands in for the API server's TokenReview in tests of the CA in Kubernetes
 * mode: a token {@code valid:NAMESPACE:SERVICEACCOUNT} is authenticated as that service account (for
 * the audiences it was reviewed for), any other token is not.
 */
public final class TokenReviews {
  private TokenReviews() {}

  /** Answers every TokenReview posted to the mock API server {@code expect} belongs to. */
  public static void answer(MockServerExpectation expect) {
    expect.post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, request -> {
      TokenReview review = Serialization.unmarshal(request.getBody().readUtf8(), TokenReview.class);
      String[] parts = review.getSpec().getToken().split(":");
      boolean valid = parts.length == 3 && parts[0].equals("valid");
      return new TokenReviewBuilder(review).withNewStatus().withAuthenticated(valid)
          .withAudiences(review.getSpec().getAudiences())
          .withNewUser().withUsername(valid ? "system:serviceaccount:" + parts[1] + ":" + parts[2] : null).endUser()
          .endStatus().build();
    }).always();
  }

  /**
   * Over {@code channel}: a reviewed token gets a SPIFFE SVID for its service account
   * ({@code shop/reviews}); a forged one gets {@code UNAUTHENTICATED}. Closes the channel.
   */
  public static void assertReviewedTokenSignedAndForgedRefused(ManagedChannel channel) throws Exception {
    try {
      var response = GrpcClients.create(channel, TestPki.csr(TestPki.ec256()), 0, "valid:shop:reviews", null);
      assertSvid(TestPki.parse(response.getCertChainList()).get(0), "spiffe://cluster.local/ns/shop/sa/reviews");
      assertThatThrownBy(() -> GrpcClients.create(channel, TestPki.csr(TestPki.ec256()), 0, "forged", null))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    } finally {
      channel.shutdownNow();
    }
  }
}

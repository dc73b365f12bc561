package dev.rigging.ca.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.ca.Identity;
import io.grpc.Metadata;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterAuthenticatorsTest {
  static final Identity LOCAL = new Identity("cluster.local", "local", "sa");
  static final Identity REMOTE = new Identity("cluster.local", "remote", "sa");

  final ClusterAuthenticators clusters = new ClusterAuthenticators("Kubernetes",
      (h, c) -> new AuthResult.Authenticated(LOCAL, "local")).put("east", (h, c) -> new AuthResult.Authenticated(REMOTE, "east"));

  @Test
  void noOrEmptyClusterIdMeansTheLocalCluster() {
    assertThat(identity(call(null))).isEqualTo(LOCAL);
    assertThat(identity(call(""))).isEqualTo(LOCAL);
    assertThat(identity(call("Kubernetes"))).isEqualTo(LOCAL);
  }

  @Test
  void aKnownClusterIdSelectsThatClustersVerifier() {
    assertThat(identity(call("east"))).isEqualTo(REMOTE);
  }

  @Test
  void anUnknownClusterIdIsRefused() {
    assertThat(clusters.authenticate(call("west"), List.of()))
        .isEqualTo(new AuthResult.Rejected("unknown cluster id 'west'"));
    clusters.remove("east");
    assertThat(clusters.authenticate(call("east"), List.of())).isInstanceOf(AuthResult.Rejected.class);
    clusters.remove("Kubernetes");
    assertThat(identity(call(null))).as("the local cluster cannot be removed").isEqualTo(LOCAL);
  }

  @Test
  void withoutATokenTheClusterDoesNotMatter() {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("clusterid", Metadata.ASCII_STRING_MARSHALLER), "west");

    assertThat(clusters.authenticate(headers, List.of())).isInstanceOf(AuthResult.NotPresented.class);
  }

  private Identity identity(Metadata headers) {
    return ((AuthResult.Authenticated) clusters.authenticate(headers, List.of())).identity();
  }

  private static Metadata call(String clusterId) {
    Metadata headers = new Metadata();
    headers.put(BearerTokens.AUTHORIZATION, "Bearer t");
    if (clusterId != null) {
      headers.put(Metadata.Key.of("clusterid", Metadata.ASCII_STRING_MARSHALLER), clusterId);
    }
    return headers;
  }
}

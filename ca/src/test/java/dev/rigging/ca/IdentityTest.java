package dev.rigging.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentityTest {
  @Test
  void readsServiceAccountUsers() {
    Identity id = Identity.fromServiceAccountUser("cluster.local", "system:serviceaccount:shop:reviews-v1");

    assertThat(id.spiffeId()).isEqualTo("spiffe://cluster.local/ns/shop/sa/reviews-v1");
  }

  @Test
  void refusesAnythingThatCouldBendTheSpiffeId() {
    assertThatThrownBy(() -> Identity.fromServiceAccountUser("cluster.local", "system:serviceaccount:shop:a/../b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Identity.fromServiceAccountUser("cluster.local", "system:serviceaccount:shop:a:b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Identity.fromServiceAccountUser("cluster.local", "system:node:worker-1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Identity.fromServiceAccountUser("cluster.local", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Identity("cluster.local", "Shop", "a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Identity("cluster/local", "shop", "a")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesOnlyExactSpiffeIds() {
    assertThat(Identity.fromSpiffeId("spiffe://cluster.local/ns/shop/sa/reviews"))
        .contains(new Identity("cluster.local", "shop", "reviews"));
    assertThat(Identity.fromSpiffeId("spiffe://cluster.local/ns/shop/sa/reviews/extra")).isEmpty();
    assertThat(Identity.fromSpiffeId("spiffe://cluster.local/sa/reviews/ns/shop")).isEmpty();
    assertThat(Identity.fromSpiffeId("https://cluster.local/ns/shop/sa/reviews")).isEmpty();
  }
}

package dev.rigging.mesh.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Names, groups and versions of the kinds, checked against Istio's CRDs. */
class KindTest {

  @Test
  void groupsServeAndStoreWhatIstiosCrdsDeclare() {
    assertThat(ApiGroup.NETWORKING.groupName()).isEqualTo("networking.istio.io");
    assertThat(ApiGroup.NETWORKING.servedVersions()).containsExactly("v1", "v1beta1", "v1alpha3");
    assertThat(ApiGroup.NETWORKING.storageVersion()).isEqualTo("v1");
    assertThat(ApiGroup.NETWORKING.category()).isEqualTo("networking-istio-io");
    assertThat(ApiGroup.SECURITY.groupName()).isEqualTo("security.istio.io");
    assertThat(ApiGroup.SECURITY.servedVersions()).containsExactly("v1", "v1beta1");
    assertThat(ApiGroup.SECURITY.storageVersion()).isEqualTo("v1");
    assertThat(ApiGroup.SECURITY.category()).isEqualTo("security-istio-io");
  }

  @Test
  void kindsTakeVersionsFromTheirGroup() {
    assertThat(Kind.VIRTUAL_SERVICE.group()).isEqualTo(Kind.NETWORKING_GROUP);
    assertThat(Kind.VIRTUAL_SERVICE.servedVersions()).isEqualTo(ApiGroup.NETWORKING.servedVersions());
    assertThat(Kind.VIRTUAL_SERVICE.apiVersion()).isEqualTo("networking.istio.io/v1");
    assertThat(Kind.of("networking.istio.io", "Sidecar")).contains(Kind.SIDECAR);
    assertThat(Kind.of("security.istio.io", "Sidecar")).isEmpty();
  }

  @Test
  void securityKindsHaveIstiosNames() {
    assertThat(Kind.PEER_AUTHENTICATION.plural()).isEqualTo("peerauthentications");
    assertThat(Kind.PEER_AUTHENTICATION.shortNames()).containsExactly("pa");
    assertThat(Kind.AUTHORIZATION_POLICY.plural()).isEqualTo("authorizationpolicies");
    assertThat(Kind.AUTHORIZATION_POLICY.shortNames()).containsExactly("ap");
    assertThat(Kind.REQUEST_AUTHENTICATION.plural()).isEqualTo("requestauthentications");
    assertThat(Kind.REQUEST_AUTHENTICATION.shortNames()).containsExactly("ra");
    for (Kind k : new Kind[] {Kind.PEER_AUTHENTICATION, Kind.AUTHORIZATION_POLICY, Kind.REQUEST_AUTHENTICATION}) {
      assertThat(k.apiGroup()).isEqualTo(ApiGroup.SECURITY);
      assertThat(k.apiVersion()).isEqualTo("security.istio.io/v1");
      assertThat(Kind.of("security.istio.io", k.kindName())).contains(k);
    }
  }

  @Test
  void pluralsAndShortNamesAreUnique() {
    assertThat(Arrays.stream(Kind.values()).map(k -> k.plural() + "." + k.group())).doesNotHaveDuplicates();
    assertThat(Arrays.stream(Kind.values()).flatMap(k -> k.shortNames().stream())).doesNotHaveDuplicates();
  }
}

package dev.rigging.istiod.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostNamesTest {

  @Test
  void wildcardsCoverSubdomainsButNotTheBareDomain() {
    assertThat(HostNames.subsetOf("api.example.com", "*.example.com")).isTrue();
    assertThat(HostNames.subsetOf("a.b.example.com", "*.example.com")).isTrue();
    assertThat(HostNames.subsetOf("example.com", "*.example.com")).isFalse();
    assertThat(HostNames.subsetOf("*.a.example.com", "*.example.com")).isTrue();
    assertThat(HostNames.subsetOf("*.example.com", "*.a.example.com")).isFalse();
    assertThat(HostNames.subsetOf("anything.local", "*")).isTrue();
    assertThat(HostNames.subsetOf("*.example.com", "api.example.com")).isFalse();
  }

  @Test
  void overlapIsSymmetric() {
    assertThat(HostNames.overlaps("*.example.com", "api.example.com")).isTrue();
    assertThat(HostNames.overlaps("api.example.com", "*.example.com")).isTrue();
    assertThat(HostNames.overlaps("api.example.com", "web.example.com")).isFalse();
  }

  @Test
  void shortNamesResolveInTheDeclaringNamespaceOnly() {
    assertThat(HostNames.resolve("reviews", "shop", "cluster.local")).isEqualTo("reviews.shop.svc.cluster.local");
    assertThat(HostNames.resolve("reviews.shop", "other", "cluster.local")).as("names with a dot are kept")
        .isEqualTo("reviews.shop");
    assertThat(HostNames.resolve("*", "shop", "cluster.local")).isEqualTo("*");
    assertThat(HostNames.resolve("*.example.com", "shop", "cluster.local")).isEqualTo("*.example.com");
  }

  @Test
  void specificityOrdersExactThenLongerWildcards() {
    List<String> hosts = new ArrayList<>(List.of("*", "*.example.com", "api.example.com", "*.api.example.com"));
    hosts.sort(HostNames.MOST_SPECIFIC_FIRST);
    assertThat(hosts).containsExactly("api.example.com", "*.api.example.com", "*.example.com", "*");
  }
}

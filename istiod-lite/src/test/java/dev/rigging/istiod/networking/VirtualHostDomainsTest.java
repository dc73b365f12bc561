package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.Protocol;
import dev.rigging.istiod.registry.ServicePort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VirtualHostDomainsTest {
  private static MeshService service(String host, List<String> addresses) {
    return new MeshService(host, "shop", List.of(ServicePort.of("http", 9080, Protocol.HTTP)),
        MeshService.Resolution.STATIC, false, addresses, Map.of(), Set.of(), "test", 0,
        MeshService.Registry.SERVICE_ENTRY, List.of());
  }

  @Test
  void sameNamespaceClientsGetEveryShortForm() {
    var d = VirtualHostDomains.of(service("reviews.shop.svc.cluster.local", List.of("10.0.0.1")), 9080,
        "shop.svc.cluster.local", false);
    assertThat(d.all()).containsExactly("reviews.shop.svc.cluster.local", "reviews", "reviews.shop.svc",
        "reviews.shop", "10.0.0.1");
  }

  @Test
  void otherNamespacesGetNamespaceQualifiedFormsAndProxylessGetPorts() {
    var d = VirtualHostDomains.of(service("reviews.shop.svc.cluster.local", List.of()), 9080,
        "web.svc.cluster.local", true);
    assertThat(d.all()).containsExactly("reviews.shop.svc.cluster.local", "reviews.shop.svc.cluster.local:9080",
        "reviews.shop", "reviews.shop:9080", "reviews.shop.svc", "reviews.shop.svc:9080");
  }

  @Test
  void externalHostsHaveNoShortForms() {
    var d = VirtualHostDomains.of(service("api.example.com", List.of("240.0.0.1/32")), 443, "shop.svc.cluster.local",
        false);
    assertThat(d.all()).containsExactly("api.example.com");
    assertThat(d.expanded()).isEmpty();
  }
}

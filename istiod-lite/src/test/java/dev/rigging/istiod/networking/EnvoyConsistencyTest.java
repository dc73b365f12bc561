package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyType;
import dev.rigging.istiod.model.PushContext;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code EnvoyConsistencyTest} checks that the four xDS types of every golden Envoy proxy (sidecar
 * and gateway) fit together as Envoy requires: unique names, every referenced route configuration,
 * cluster (routes, TCP proxies, external authorizers) and endpoint assignment served, distinct filter
 * chain matches per listener, {@code tcp_proxy} last in TCP chains, and a single host for
 * LOGICAL_DNS clusters.
 */
class EnvoyConsistencyTest {

  @TestFactory
  Stream<DynamicTest> goldenEnvoyProxiesAreSelfConsistent() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (GoldenTest.Case c : GoldenTest.cases()) {
      c.proxies().forEach((name, p) -> {
        if (p.type() != ProxyType.PROXYLESS) {
          tests.add(DynamicTest.dynamicTest(c.name() + " " + name, () -> check(c.name() + "/" + name, c.push(), p)));
        }
      });
    }
    assertThat(tests).isNotEmpty();
    return tests.stream();
  }

  static void check(String what, PushContext push, Proxy proxy) throws InvalidProtocolBufferException {
    List<Listener> lds = ListenerBuilder.build(push, proxy);
    List<RouteConfiguration> rds = RouteBuilder.build(push, proxy);
    List<Cluster> cds = ClusterBuilder.build(push, proxy);
    List<ClusterLoadAssignment> eds = EndpointBuilder.build(push, proxy);
    Set<String> clusters = unique(what + " clusters", cds.stream().map(Cluster::getName).toList());
    Set<String> routes = unique(what + " routes", rds.stream().map(RouteConfiguration::getName).toList());
    unique(what + " listeners", lds.stream().map(Listener::getName).toList());
    Set<String> assignments = unique(what + " assignments",
        eds.stream().map(ClusterLoadAssignment::getClusterName).toList());
    Set<String> referenced = new HashSet<>();
    for (Listener l : lds) {
      unique(what + " " + l.getName() + " filter chain matches",
          l.getFilterChainsList().stream().map(fc -> fc.getFilterChainMatch().toString()).toList());
      for (FilterChain fc : l.getFilterChainsList()) {
        for (Filter f : fc.getFiltersList()) {
          if (f.getTypedConfig().is(HttpConnectionManager.class)) {
            HttpConnectionManager hcm = f.getTypedConfig().unpack(HttpConnectionManager.class);
            if (hcm.hasRds()) {
              assertThat(routes).as(what + " " + l.getName() + " RDS").contains(hcm.getRds().getRouteConfigName());
            }
            hcm.getRouteConfig().getVirtualHostsList().forEach(vh -> collect(vh, referenced));
            for (var hf : hcm.getHttpFiltersList()) {
              if (hf.getTypedConfig().is(io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz.class)) {
                var ext = hf.getTypedConfig().unpack(io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz.class);
                referenced.add(ext.hasGrpcService() ? ext.getGrpcService().getEnvoyGrpc().getClusterName()
                    : ext.getHttpService().getServerUri().getCluster());
              }
            }
          } else if (f.getTypedConfig().is(TcpProxy.class)) {
            TcpProxy tcp = f.getTypedConfig().unpack(TcpProxy.class);
            if (tcp.hasWeightedClusters()) {
              tcp.getWeightedClusters().getClustersList().forEach(w -> referenced.add(w.getName()));
            } else {
              referenced.add(tcp.getCluster());
            }
          } else if (f.getTypedConfig().is(io.envoyproxy.envoy.extensions.filters.network.ext_authz.v3.ExtAuthz.class)) {
            referenced.add(f.getTypedConfig().unpack(io.envoyproxy.envoy.extensions.filters.network.ext_authz.v3.ExtAuthz.class)
                .getGrpcService().getEnvoyGrpc().getClusterName());
          } else {
            assertThat(f.getTypedConfig().is(io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.class))
                .as(what + " " + l.getName() + ": unexpected network filter " + f.getName()).isTrue();
          }
        }
        Filter last = fc.getFilters(fc.getFiltersCount() - 1);
        assertThat(last.getTypedConfig().is(TcpProxy.class) || last.getTypedConfig().is(HttpConnectionManager.class))
            .as(what + " " + l.getName() + ": the terminal filter is last").isTrue();
      }
    }
    rds.forEach(rc -> rc.getVirtualHostsList().forEach(vh -> collect(vh, referenced)));
    assertThat(clusters).as(what + ": every referenced cluster is served").containsAll(referenced);
    for (Cluster c : cds) {
      if (c.getType() == Cluster.DiscoveryType.EDS) {
        assertThat(assignments).as(what + " " + c.getName()).contains(c.getEdsClusterConfig().getServiceName());
      }
      if (c.getType() == Cluster.DiscoveryType.LOGICAL_DNS) {
        assertThat(c.getLoadAssignment().getEndpointsList()).hasSize(1);
        assertThat(c.getLoadAssignment().getEndpoints(0).getLbEndpointsList()).hasSize(1);
      }
    }
  }

  private static void collect(VirtualHost vh, Set<String> referenced) {
    for (Route r : vh.getRoutesList()) {
      if (!r.hasRoute()) {
        continue;
      }
      if (r.getRoute().hasWeightedClusters()) {
        r.getRoute().getWeightedClusters().getClustersList().forEach(w -> referenced.add(w.getName()));
      } else {
        referenced.add(r.getRoute().getCluster());
      }
      r.getRoute().getRequestMirrorPoliciesList().forEach(m -> referenced.add(m.getCluster()));
    }
  }

  private static Set<String> unique(String what, List<String> names) {
    Set<String> set = new HashSet<>(names);
    assertThat(set).as(what + " are unique: " + names).hasSameSizeAs(names);
    return set;
  }
}

package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code GrpcXdsConstraints} asserts, for one proxyless client's full xDS state, what grpc-java's
 * xDS client accepts (see the team notes on grpc-xds): anything it NACKs, and anything it silently
 * ignores or drops in a way that would break routing or TLS.
 */
final class GrpcXdsConstraints {
  static final String SERVER_PREFIX = "xds.istio.io/grpc/lds/inbound/";
  /** Certificate provider instances Istio's agent writes into a proxyless bootstrap. */
  static final Set<String> BOOTSTRAP_PROVIDERS = Set.of("default");
  private static final Set<Cluster.LbPolicy> LB_POLICIES =
      Set.of(Cluster.LbPolicy.ROUND_ROBIN, Cluster.LbPolicy.RING_HASH, Cluster.LbPolicy.LEAST_REQUEST);

  private GrpcXdsConstraints() {}

  static void check(String what, List<Listener> lds, List<RouteConfiguration> rds, List<Cluster> cds,
      List<ClusterLoadAssignment> eds) {
    Map<String, RouteConfiguration> routes = byName(rds, RouteConfiguration::getName);
    Map<String, Cluster> clusters = byName(cds, Cluster::getName);
    Map<String, ClusterLoadAssignment> assignments = byName(eds, ClusterLoadAssignment::getClusterName);
    for (Listener l : lds) {
      String at = what + " listener " + l.getName();
      if (l.getName().startsWith(SERVER_PREFIX)) {
        server(at, l);
      } else {
        client(at, l, routes);
      }
    }
    for (RouteConfiguration rc : rds) {
      for (VirtualHost vh : rc.getVirtualHostsList()) {
        for (Route r : vh.getRoutesList()) {
          route(what + " route " + rc.getName() + "/" + vh.getName() + "/" + r.getName(), r, clusters);
        }
      }
    }
    for (Cluster c : cds) {
      cluster(what + " cluster " + c.getName(), c, assignments);
    }
    for (ClusterLoadAssignment a : eds) {
      assignment(what + " assignment " + a.getClusterName(), a);
    }
  }

  private static void client(String at, Listener l, Map<String, RouteConfiguration> routes) {
    assertThat(l.hasApiListener()).as(at + ": client listeners are API listeners").isTrue();
    assertThat(l.getName()).as(at + ": named HOST:PORT").matches("[^:/]+:\\d+");
    HttpConnectionManager hcm = unpack(l.getApiListener().getApiListener(), HttpConnectionManager.class, at);
    assertThat(hcm.getRds().getConfigSource().hasAds()).as(at + ": RDS over ADS").isTrue();
    filters(at, hcm.getHttpFiltersList(), true);
    assertThat(hcm.getXffNumTrustedHops()).as(at + ": xff_num_trusted_hops NACKs").isZero();
    assertThat(hcm.getOriginalIpDetectionExtensionsCount()).as(at + ": original_ip_detection NACKs").isZero();
    RouteConfiguration rc = routes.get(hcm.getRds().getRouteConfigName());
    assertThat(rc).as(at + ": route configuration " + hcm.getRds().getRouteConfigName() + " is served").isNotNull();
    assertThat(rc.getVirtualHostsList()).as(at + ": a virtual host matches the dial target " + l.getName())
        .anyMatch(vh -> vh.getDomainsList().stream().anyMatch(d -> domainMatches(d, l.getName())));
  }

  private static void server(String at, Listener l) {
    String hostPort = l.getName().substring(SERVER_PREFIX.length());
    assertThat(hostPort).as(at + ": grpc asks for 0.0.0.0:PORT").startsWith("0.0.0.0:");
    int port = Integer.parseInt(hostPort.substring("0.0.0.0:".length()));
    assertThat(l.getAddress().getSocketAddress().getAddress()).as(at + ": address").isEqualTo("0.0.0.0");
    assertThat(l.getAddress().getSocketAddress().getPortValue()).as(at + ": port").isEqualTo(port);
    assertThat(l.getTrafficDirection().name()).as(at + ": direction").isEqualTo("INBOUND");
    assertThat(l.getListenerFiltersCount()).as(at + ": listener_filters NACK").isZero();
    assertThat(l.hasUseOriginalDst()).as(at + ": use_original_dst NACKs").isFalse();
    assertThat(l.getFilterChainsCount()).as(at + ": one filter chain (no TLS/plaintext choice)").isEqualTo(1);
    var chain = l.getFilterChains(0);
    if (chain.hasTransportSocket()) {
      assertThat(chain.getTransportSocket().getName()).as(at + ": transport socket name")
          .isEqualTo("envoy.transport_sockets.tls");
      DownstreamTlsContext tls = unpack(chain.getTransportSocket().getTypedConfig(), DownstreamTlsContext.class, at);
      commonTls(at, tls.getCommonTlsContext(), true);
      assertThat(tls.hasRequireSni()).as(at + ": require_sni NACKs").isFalse();
      assertThat(tls.getOcspStaplePolicy()).as(at + ": ocsp_staple_policy")
          .isEqualTo(DownstreamTlsContext.OcspStaplePolicy.LENIENT_STAPLING);
      if (tls.getRequireClientCertificate().getValue()) {
        assertThat(tls.getCommonTlsContext().getValidationContext().hasCaCertificateProviderInstance())
            .as(at + ": require_client_certificate needs a root certificate provider").isTrue();
      }
    }
    assertThat(chain.getFiltersCount()).as(at + ": one HTTP connection manager").isEqualTo(1);
    HttpConnectionManager hcm = unpack(chain.getFilters(0).getTypedConfig(), HttpConnectionManager.class, at);
    filters(at, hcm.getHttpFiltersList(), false);
    for (HttpFilter f : hcm.getHttpFiltersList().subList(0, hcm.getHttpFiltersCount() - 1)) {
      io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC rbac = unpack(f.getTypedConfig(),
          io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.class, at + ": servers run RBAC filters only");
      GrpcRbacConstraints.check(at + " filter " + f.getName(), rbac);
    }
    for (VirtualHost vh : hcm.getRouteConfig().getVirtualHostsList()) {
      for (Route r : vh.getRoutesList()) {
        assertThat(r.hasNonForwardingAction()).as(at + ": server routes use non_forwarding_action").isTrue();
        assertThat(r.getMatch().hasCaseSensitive()).as(at + ": case_sensitive set").isTrue();
      }
    }
  }

  private static void filters(String at, List<HttpFilter> filters, boolean client) {
    assertThat(filters).as(at + ": http_filters").isNotEmpty();
    HttpFilter last = filters.get(filters.size() - 1);
    unpack(last.getTypedConfig(), Router.class, at + ": the router must be the last filter");
    assertThat(filters.stream().map(HttpFilter::getName).distinct().count()).as(at + ": duplicate filter names")
        .isEqualTo(filters.size());
    for (HttpFilter f : filters) {
      assertThat(f.hasTypedConfig()).as(at + ": filter " + f.getName() + " has a typed_config").isTrue();
    }
    boolean fault = filters.stream().anyMatch(f -> f.getTypedConfig().is(HTTPFault.class));
    assertThat(fault).as(at + (client ? ": fault filter present (else per-route faults are ignored)"
        : ": no fault filter on servers (client-only in grpc)")).isEqualTo(client);
  }

  private static void route(String at, Route r, Map<String, Cluster> clusters) {
    assertThat(r.getMatch().hasCaseSensitive()).as(at + ": case_sensitive must be set").isTrue();
    assertThat(r.getMatch().getPathSpecifierCase().name()).as(at + ": path specifier")
        .isIn("PREFIX", "PATH", "SAFE_REGEX");
    assertThat(r.getMatch().getQueryParametersCount()).as(at + ": query_parameters routes are skipped").isZero();
    assertThat(r.hasRoute()).as(at + ": redirect and direct_response NACK").isTrue();
    var action = r.getRoute();
    assertThat(action.hasMaxStreamDuration()).as(at + ": grpc only honours max_stream_duration").isTrue();
    assertThat(action.getMaxStreamDuration().getGrpcTimeoutHeaderMax())
        .as(at + ": grpc_timeout_header_max equals the timeout").isEqualTo(action.getTimeout());
    Set<String> referenced = new TreeSet<>();
    if (action.hasWeightedClusters()) {
      List<WeightedCluster.ClusterWeight> ws = action.getWeightedClusters().getClustersList();
      assertThat(ws).as(at + ": weighted_clusters not empty").isNotEmpty();
      assertThat(ws.stream().mapToLong(w -> w.getWeight().getValue()).sum()).as(at + ": weights sum > 0").isPositive();
      ws.forEach(w -> referenced.add(w.getName()));
    } else {
      assertThat(action.getCluster()).as(at + ": cluster").isNotEmpty();
      referenced.add(action.getCluster());
    }
    for (String c : referenced) {
      assertThat(clusters).as(at + ": cluster " + c + " is served").containsKey(c);
    }
    for (Map.Entry<String, Any> e : r.getTypedPerFilterConfigMap().entrySet()) {
      assertThat(e.getValue().is(HTTPFault.class))
          .as(at + ": per-route config of unsupported filter " + e.getKey() + " NACKs").isTrue();
    }
    if (action.hasRetryPolicy() && action.getRetryPolicy().hasRetryBackOff()) {
      assertThat(action.getRetryPolicy().getRetryBackOff().getBaseInterval().getNanos()
          + action.getRetryPolicy().getRetryBackOff().getBaseInterval().getSeconds()).as(at + ": backoff > 0")
          .isPositive();
    }
  }

  private static void cluster(String at, Cluster c, Map<String, ClusterLoadAssignment> assignments) {
    assertThat(c.getType()).as(at + ": EDS only").isEqualTo(Cluster.DiscoveryType.EDS);
    assertThat(c.getEdsClusterConfig().getEdsConfig().hasAds()).as(at + ": eds_config ads").isTrue();
    String service = c.getEdsClusterConfig().getServiceName().isEmpty() ? c.getName()
        : c.getEdsClusterConfig().getServiceName();
    assertThat(assignments).as(at + ": assignment " + service + " is served").containsKey(service);
    assertThat(LB_POLICIES).as(at + ": lb_policy").contains(c.getLbPolicy());
    if (c.hasRingHashLbConfig()) {
      assertThat(c.getRingHashLbConfig().getMinimumRingSize().getValue()).isBetween(1L, 8_388_608L);
    }
    assertThat(c.hasLrsServer()).as(at + ": lrs_server").isFalse();
    assertThat(c.hasLoadAssignment()).as(at + ": inline endpoints").isFalse();
    if (c.hasTransportSocket()) {
      assertThat(c.getTransportSocket().getName()).as(at + ": transport socket name")
          .isEqualTo("envoy.transport_sockets.tls");
      UpstreamTlsContext tls = unpack(c.getTransportSocket().getTypedConfig(), UpstreamTlsContext.class, at);
      commonTls(at, tls.getCommonTlsContext(), false);
    }
    assertThat(c.getTransportSocketMatchesCount()).as(at + ": transport_socket_matches are Envoy-only").isZero();
    if (c.hasOutlierDetection()) {
      assertThat(c.getOutlierDetection().getMaxEjectionPercent().getValue()).isLessThanOrEqualTo(100);
      assertThat(c.getOutlierDetection().getEnforcingSuccessRate().getValue()).isLessThanOrEqualTo(100);
    }
  }

  /**
   * What grpc-java accepts in a CommonTlsContext, and what makes it work: certificates from the
   * bootstrap's provider instances only (no SDS, no tls_params), the identity from
   * {@code tls_certificate_provider_instance}, roots only from
   * {@code validation_context.ca_certificate_provider_instance} (the deprecated combined form is
   * accepted but never read), no SAN matching on servers, none of the validation options grpc NACKs.
   */
  static void commonTls(String at, CommonTlsContext common, boolean server) {
    assertThat(common.hasTlsParams()).as(at + ": tls_params NACK").isFalse();
    assertThat(common.hasCustomHandshaker()).as(at + ": custom_handshaker NACKs").isFalse();
    assertThat(common.getTlsCertificatesCount() + common.getTlsCertificateSdsSecretConfigsCount())
        .as(at + ": certificates only from provider instances (grpc has no SDS)").isZero();
    assertThat(common.hasValidationContextSdsSecretConfig()).as(at + ": validation_context_sds_secret_config NACKs")
        .isFalse();
    assertThat(common.hasValidationContextCertificateProviderInstance())
        .as(at + ": validation_context_certificate_provider_instance NACKs").isFalse();
    assertThat(common.hasTlsCertificateCertificateProviderInstance())
        .as(at + ": use tls_certificate_provider_instance, not the deprecated field").isFalse();
    assertThat(common.hasCombinedValidationContext())
        .as(at + ": roots are read only from validation_context.ca_certificate_provider_instance").isFalse();
    assertThat(common.hasTlsCertificateProviderInstance()).as(at + ": identity certificate provider").isTrue();
    assertThat(common.getTlsCertificateProviderInstance().getInstanceName())
        .as(at + ": provider instance in the bootstrap").isIn(BOOTSTRAP_PROVIDERS);
    if (server && !common.hasValidationContext()) {
      return;
    }
    assertThat(common.hasValidationContext()).as(at + ": a client needs trusted roots").isTrue();
    CertificateValidationContext v = common.getValidationContext();
    assertThat(v.hasCaCertificateProviderInstance()).as(at + ": ca_certificate_provider_instance").isTrue();
    assertThat(v.getCaCertificateProviderInstance().getInstanceName())
        .as(at + ": provider instance in the bootstrap").isIn(BOOTSTRAP_PROVIDERS);
    assertThat(v.hasTrustedCa()).as(at + ": trusted_ca is not read").isFalse();
    if (server) {
      assertThat(v.getMatchSubjectAltNamesCount()).as(at + ": match_subject_alt_names NACKs on servers").isZero();
    }
    assertThat(v.getMatchTypedSubjectAltNamesCount()).as(at + ": grpc checks match_subject_alt_names only").isZero();
    assertThat(v.getVerifyCertificateSpkiCount() + v.getVerifyCertificateHashCount())
        .as(at + ": verify_certificate_spki/hash NACK").isZero();
    assertThat(v.hasRequireSignedCertificateTimestamp()).as(at + ": require_signed_certificate_timestamp NACKs")
        .isFalse();
    assertThat(v.hasCrl()).as(at + ": crl NACKs").isFalse();
    assertThat(v.hasCustomValidatorConfig()).as(at + ": custom_validator_config NACKs").isFalse();
  }

  private static void assignment(String at, ClusterLoadAssignment a) {
    Set<String> localities = new HashSet<>();
    Set<Integer> priorities = new TreeSet<>();
    for (LocalityLbEndpoints g : a.getEndpointsList()) {
      var l = g.getLocality();
      String locality = l.getRegion() + "/" + l.getZone() + "/" + l.getSubZone();
      assertThat(localities.add(locality)).as(at + ": duplicate locality " + locality).isTrue();
      assertThat(g.getLoadBalancingWeight().getValue()).as(at + ": locality weight >= 1 (else dropped)")
          .isGreaterThanOrEqualTo(1);
      priorities.add(g.getPriority());
      for (LbEndpoint e : g.getLbEndpointsList()) {
        String address = e.getEndpoint().getAddress().getSocketAddress().getAddress();
        assertThat(InetAddresses.isInetAddress(address)).as(at + ": " + address + " is an IP literal").isTrue();
        assertThat(e.getHealthStatus()).as(at + ": unhealthy endpoints excluded")
            .isNotIn(HealthStatus.UNHEALTHY, HealthStatus.DRAINING);
        assertThat(e.getLoadBalancingWeight().getValue()).isGreaterThanOrEqualTo(1);
      }
    }
    int expected = 0;
    for (int p : priorities) {
      assertThat(p).as(at + ": priorities contiguous from 0 " + priorities).isEqualTo(expected++);
    }
  }

  /** grpc-java's domain matching: exact, {@code *} prefix or suffix wildcard, or {@code *}. */
  static boolean domainMatches(String domain, String authority) {
    String d = domain.toLowerCase();
    String a = authority.toLowerCase();
    if (d.equals("*") || d.equals(a)) {
      return true;
    }
    if (d.startsWith("*")) {
      return a.endsWith(d.substring(1));
    }
    return d.endsWith("*") && a.startsWith(d.substring(0, d.length() - 1));
  }

  private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
    Map<String, T> m = items.stream().collect(Collectors.toMap(name, x -> x, (x, y) -> {
      throw new AssertionError("duplicate resource name " + name.apply(x));
    }));
    return m;
  }

  private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type, String at) {
    try {
      assertThat(any.is(type)).as(at + ": expected " + type.getSimpleName() + " but was " + any.getTypeUrl()).isTrue();
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(at + ": " + e.getMessage(), e);
    }
  }
}

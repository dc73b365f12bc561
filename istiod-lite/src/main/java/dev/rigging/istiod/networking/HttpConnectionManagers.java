package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.PathNormalization;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code HttpConnectionManagers} makes the HTTP connection managers of each listener kind, with
 * Istio's HTTP filter chains: Envoy gets fault, CORS and router; proxyless clients fault and
 * router (the fault filter must be listed or per-route faults are silently ignored, and grpc
 * requires the router last); proxyless servers their RBAC filters and the router (fault is
 * client-side in grpc). Security filters (JWT, ext_authz, RBAC) go first, so that nothing else
 * sees a request before it is authenticated and authorized.
 *
 * <p>Envoy normalizes paths as MeshConfig's {@code pathNormalization} says (Istio's default BASE:
 * {@code normalize_path} on, slashes neither merged nor decoded), before any filter runs: the path
 * authorization checks is the path the workload receives.
 */
final class HttpConnectionManagers {
  static final String NAME = "envoy.filters.network.http_connection_manager";
  static final HttpFilter FAULT = HttpFilter.newBuilder().setName(HttpRouteTranslator.FAULT_FILTER)
      .setTypedConfig(TypedConfigs.pack(HTTPFault.getDefaultInstance())).build();
  static final HttpFilter CORS = HttpFilter.newBuilder().setName(HttpRouteTranslator.CORS_FILTER)
      .setTypedConfig(TypedConfigs.pack(Cors.getDefaultInstance())).build();
  static final HttpFilter ROUTER = HttpFilter.newBuilder().setName("envoy.filters.http.router")
      .setTypedConfig(TypedConfigs.pack(Router.getDefaultInstance())).build();

  private HttpConnectionManagers() {}

  /** Sidecar outbound: RDS by port name, client addresses not trusted. */
  static HttpConnectionManager sidecarOutbound(String statPrefix, String routeName, PathNormalization paths) {
    return envoyBase(statPrefix, paths, List.of())
        .setRds(rds(routeName, Protos.ADS))
        .setUseRemoteAddress(Protos.bool(false))
        .build();
  }

  /**
   * Sidecar inbound: inline route to the local cluster; the client certificate is forwarded;
   * {@code security} filters (JWT, authorization) before the others.
   */
  static HttpConnectionManager sidecarInbound(String statPrefix, RouteConfiguration routes, PathNormalization paths,
      List<HttpFilter> security) {
    return envoyBase(statPrefix, paths, security)
        .setRouteConfig(routes)
        .setUseRemoteAddress(Protos.bool(false))
        .setForwardClientCertDetails(HttpConnectionManager.ForwardClientCertDetails.APPEND_FORWARD)
        .setSetCurrentClientCertDetails(currentCert())
        .setServerName("istio-envoy")
        .build();
  }

  /**
   * Gateway: RDS by route name, the gateway is the edge (remote address used, client cert
   * sanitized); {@code security} filters (JWT, authorization) before the others.
   */
  static HttpConnectionManager gateway(String statPrefix, String routeName, PathNormalization paths,
      List<HttpFilter> security) {
    return envoyBase(statPrefix, paths, security)
        .setRds(rds(routeName, Protos.ADS))
        .setUseRemoteAddress(Protos.bool(true))
        .setForwardClientCertDetails(HttpConnectionManager.ForwardClientCertDetails.SANITIZE_SET)
        .setSetCurrentClientCertDetails(currentCert())
        .setServerName("istio-envoy")
        .setHttpProtocolOptions(Http1ProtocolOptions.getDefaultInstance())
        .build();
  }

  /** Proxyless client API listener: RDS over ADS, fault then router. */
  static HttpConnectionManager grpcClient(String routeName) {
    return HttpConnectionManager.newBuilder()
        .setRds(rds(routeName, Protos.ADS_GRPC))
        .addAllHttpFilters(List.of(FAULT, ROUTER))
        .build();
  }

  /** Proxyless server: inline routes (non-forwarding), its RBAC filters, router last. */
  static HttpConnectionManager grpcServer(String statPrefix, RouteConfiguration routes, List<HttpFilter> rbac) {
    return HttpConnectionManager.newBuilder()
        .setStatPrefix(statPrefix)
        .setRouteConfig(routes)
        .addAllHttpFilters(rbac)
        .addHttpFilters(ROUTER)
        .build();
  }

  /** The network filter carrying {@code hcm}. */
  static Filter filter(HttpConnectionManager hcm) {
    return Filter.newBuilder().setName(NAME).setTypedConfig(TypedConfigs.pack(hcm)).build();
  }

  private static HttpConnectionManager.Builder envoyBase(String statPrefix, PathNormalization paths,
      List<HttpFilter> security) {
    List<HttpFilter> filters = new ArrayList<>(security);
    filters.addAll(List.of(FAULT, CORS, ROUTER));
    HttpConnectionManager.Builder b = HttpConnectionManager.newBuilder()
        .setStatPrefix(statPrefix)
        .addAllHttpFilters(filters)
        .addUpgradeConfigs(HttpConnectionManager.UpgradeConfig.newBuilder().setUpgradeType("websocket"))
        .setStreamIdleTimeout(Protos.ZERO)
        .setNormalizePath(Protos.bool(paths != PathNormalization.NONE))
        .setPathWithEscapedSlashesAction(HttpConnectionManager.PathWithEscapedSlashesAction.KEEP_UNCHANGED);
    if (paths == PathNormalization.MERGE_SLASHES || paths == PathNormalization.DECODE_AND_MERGE_SLASHES) {
      b.setMergeSlashes(true);
    }
    if (paths == PathNormalization.DECODE_AND_MERGE_SLASHES) {
      b.setPathWithEscapedSlashesAction(HttpConnectionManager.PathWithEscapedSlashesAction.UNESCAPE_AND_FORWARD);
    }
    return b;
  }

  private static Rds rds(String routeName, io.envoyproxy.envoy.config.core.v3.ConfigSource source) {
    return Rds.newBuilder().setConfigSource(source).setRouteConfigName(routeName).build();
  }

  private static HttpConnectionManager.SetCurrentClientCertDetails currentCert() {
    return HttpConnectionManager.SetCurrentClientCertDetails.newBuilder()
        .setSubject(Protos.bool(true)).setCert(true).setDns(true).setUri(true).build();
  }
}

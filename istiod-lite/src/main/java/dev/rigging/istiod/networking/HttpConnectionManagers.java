package dev.rigging.istiod.networking;

import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import java.util.List;

/**
 * {@code HttpConnectionManagers} makes the HTTP connection managers of each listener kind, with
 * Istio's HTTP filter chains: Envoy gets fault, CORS and router; proxyless clients fault and
 * router (the fault filter must be listed or per-route faults are silently ignored, and grpc
 * requires the router last); proxyless servers the router only (fault is client-side in grpc).
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
  static HttpConnectionManager sidecarOutbound(String statPrefix, String routeName) {
    return envoyBase(statPrefix)
        .setRds(rds(routeName, Protos.ADS))
        .setUseRemoteAddress(Protos.bool(false))
        .build();
  }

  /** Sidecar inbound: inline route to the local cluster; the client certificate is forwarded. */
  static HttpConnectionManager sidecarInbound(String statPrefix, RouteConfiguration routes) {
    return envoyBase(statPrefix)
        .setRouteConfig(routes)
        .setUseRemoteAddress(Protos.bool(false))
        .setForwardClientCertDetails(HttpConnectionManager.ForwardClientCertDetails.APPEND_FORWARD)
        .setSetCurrentClientCertDetails(currentCert())
        .setServerName("istio-envoy")
        .build();
  }

  /** Gateway: RDS by route name, the gateway is the edge (remote address used, client cert sanitized). */
  static HttpConnectionManager gateway(String statPrefix, String routeName) {
    return envoyBase(statPrefix)
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

  /** Proxyless server: inline routes (non-forwarding), router only. */
  static HttpConnectionManager grpcServer(String statPrefix, RouteConfiguration routes) {
    return HttpConnectionManager.newBuilder()
        .setStatPrefix(statPrefix)
        .setRouteConfig(routes)
        .addHttpFilters(ROUTER)
        .build();
  }

  /** The network filter carrying {@code hcm}. */
  static Filter filter(HttpConnectionManager hcm) {
    return Filter.newBuilder().setName(NAME).setTypedConfig(TypedConfigs.pack(hcm)).build();
  }

  private static HttpConnectionManager.Builder envoyBase(String statPrefix) {
    return HttpConnectionManager.newBuilder()
        .setStatPrefix(statPrefix)
        .addAllHttpFilters(List.of(FAULT, CORS, ROUTER))
        .addUpgradeConfigs(HttpConnectionManager.UpgradeConfig.newBuilder().setUpgradeType("websocket"))
        .setStreamIdleTimeout(Protos.ZERO)
        .setNormalizePath(Protos.bool(true))
        .setPathWithEscapedSlashesAction(HttpConnectionManager.PathWithEscapedSlashesAction.KEEP_UNCHANGED);
  }

  private static Rds rds(String routeName, io.envoyproxy.envoy.config.core.v3.ConfigSource source) {
    return Rds.newBuilder().setConfigSource(source).setRouteConfigName(routeName).build();
  }

  private static HttpConnectionManager.SetCurrentClientCertDetails currentCert() {
    return HttpConnectionManager.SetCurrentClientCertDetails.newBuilder()
        .setSubject(Protos.bool(true)).setCert(true).setDns(true).setUri(true).build();
  }
}

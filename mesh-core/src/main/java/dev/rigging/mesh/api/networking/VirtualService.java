package dev.rigging.mesh.api.networking;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code VirtualService} is the spec of a networking.istio.io VirtualService: routing rules for
 * traffic addressed to {@link #hosts()}.
 */
public record VirtualService(
    List<String> hosts,
    List<String> gateways,
    List<HTTPRoute> http,
    List<TLSRoute> tls,
    List<TCPRoute> tcp,
    List<String> exportTo) {

  public VirtualService {
    hosts = Nulls.list(hosts);
    gateways = Nulls.list(gateways);
    http = Nulls.list(http);
    tls = Nulls.list(tls);
    tcp = Nulls.list(tcp);
    exportTo = Nulls.list(exportTo);
  }

  /**
   * An HTTP (and gRPC, HTTP/2) route: matches, then one action (route, redirect, direct response or
   * delegate).
   *
   * @param mirrorPercent deprecated in Istio (use mirrorPercentage); Istio's CRD also accepts the
   *     spelling {@code mirror_percent}
   */
  public record HTTPRoute(
      String name,
      List<HTTPMatchRequest> match,
      List<HTTPRouteDestination> route,
      HTTPRedirect redirect,
      HTTPDirectResponse directResponse,
      Delegate delegate,
      HTTPRewrite rewrite,
      Duration timeout,
      HTTPRetry retries,
      HTTPFaultInjection fault,
      Destination mirror,
      Percent mirrorPercentage,
      @JsonAlias("mirror_percent") Integer mirrorPercent,
      List<HTTPMirrorPolicy> mirrors,
      CorsPolicy corsPolicy,
      Headers headers) {
    public HTTPRoute {
      match = Nulls.list(match);
      route = Nulls.list(route);
      mirrors = Nulls.list(mirrors);
    }
  }

  /** Conditions of an HTTP route; all fields of one match are ANDed, the matches of a route are ORed. */
  public record HTTPMatchRequest(
      String name,
      StringMatch uri,
      StringMatch scheme,
      StringMatch method,
      StringMatch authority,
      Map<String, StringMatch> headers,
      Integer port,
      Map<String, String> sourceLabels,
      List<String> gateways,
      Map<String, StringMatch> queryParams,
      Boolean ignoreUriCase,
      Map<String, StringMatch> withoutHeaders,
      String sourceNamespace,
      String statPrefix) {
    public HTTPMatchRequest {
      headers = Nulls.map(headers);
      sourceLabels = Nulls.map(sourceLabels);
      gateways = Nulls.list(gateways);
      queryParams = Nulls.map(queryParams);
      withoutHeaders = Nulls.map(withoutHeaders);
    }
  }

  /** A weighted destination of an HTTP route with its own header manipulation. */
  public record HTTPRouteDestination(Destination destination, Integer weight, Headers headers) {}

  /** A weighted destination of a TLS or TCP route. */
  public record RouteDestination(Destination destination, Integer weight) {}

  /** Reference to a delegate VirtualService. */
  public record Delegate(String name, String namespace) {}

  /** Request and response header manipulation. */
  public record Headers(HeaderOperations request, HeaderOperations response) {}

  /** Header operations applied in the order set, add, remove. */
  public record HeaderOperations(Map<String, String> set, Map<String, String> add, List<String> remove) {
    public HeaderOperations {
      set = Nulls.map(set);
      add = Nulls.map(add);
      remove = Nulls.list(remove);
    }
  }

  /** A TLS route (SNI based, for TLS passthrough). */
  public record TLSRoute(List<TLSMatchAttributes> match, List<RouteDestination> route) {
    public TLSRoute {
      match = Nulls.list(match);
      route = Nulls.list(route);
    }
  }

  /** An opaque TCP route. */
  public record TCPRoute(List<L4MatchAttributes> match, List<RouteDestination> route) {
    public TCPRoute {
      match = Nulls.list(match);
      route = Nulls.list(route);
    }
  }

  /**
   * L4 match conditions.
   *
   * @param sourceSubnet deprecated in Istio and ignored by it; kept so that existing configs decode
   */
  public record L4MatchAttributes(
      List<String> destinationSubnets,
      Integer port,
      Map<String, String> sourceLabels,
      List<String> gateways,
      String sourceNamespace,
      String sourceSubnet) {
    public L4MatchAttributes {
      destinationSubnets = Nulls.list(destinationSubnets);
      sourceLabels = Nulls.map(sourceLabels);
      gateways = Nulls.list(gateways);
    }
  }

  /** TLS match conditions (SNI). */
  public record TLSMatchAttributes(
      List<String> sniHosts,
      List<String> destinationSubnets,
      Integer port,
      Map<String, String> sourceLabels,
      List<String> gateways,
      String sourceNamespace) {
    public TLSMatchAttributes {
      sniHosts = Nulls.list(sniHosts);
      destinationSubnets = Nulls.list(destinationSubnets);
      sourceLabels = Nulls.map(sourceLabels);
      gateways = Nulls.list(gateways);
    }
  }

  /** How the port of a redirect is chosen when {@code port} is not set. */
  public enum RedirectPortSelection { FROM_PROTOCOL_DEFAULT, FROM_REQUEST_PORT }

  /** An HTTP redirect (301 by default). */
  public record HTTPRedirect(
      String uri,
      String authority,
      Integer port,
      RedirectPortSelection derivePort,
      String scheme,
      Integer redirectCode) {}

  /** A fixed response. */
  public record HTTPDirectResponse(Integer status, HTTPBody body) {}

  /** The body of a direct response: a string or base64 bytes. */
  public record HTTPBody(String string, String bytes) {}

  /** Rewrite of the path (prefix or regex) and authority before forwarding. */
  public record HTTPRewrite(String uri, String authority, RegexRewrite uriRegexRewrite) {}

  /** Regex based path rewrite. */
  public record RegexRewrite(String match, String rewrite) {}

  /** Retry policy. */
  public record HTTPRetry(
      Integer attempts,
      Duration perTryTimeout,
      String retryOn,
      Boolean retryRemoteLocalities,
      Boolean retryIgnorePreviousHosts,
      Duration backoff) {}

  /**
   * CORS policy.
   *
   * @param allowOrigin deprecated in Istio (use allowOrigins); exact origins
   */
  public record CorsPolicy(
      List<String> allowOrigin,
      List<StringMatch> allowOrigins,
      List<String> allowMethods,
      List<String> allowHeaders,
      List<String> exposeHeaders,
      Duration maxAge,
      Boolean allowCredentials,
      UnmatchedPreflights unmatchedPreflights) {
    public CorsPolicy {
      allowOrigin = Nulls.list(allowOrigin);
      allowOrigins = Nulls.list(allowOrigins);
      allowMethods = Nulls.list(allowMethods);
      allowHeaders = Nulls.list(allowHeaders);
      exposeHeaders = Nulls.list(exposeHeaders);
    }
  }

  /** What happens to preflight requests whose origin is not allowed. */
  public enum UnmatchedPreflights { UNSPECIFIED, FORWARD, IGNORE }

  /** Fault injection: delay and/or abort. */
  public record HTTPFaultInjection(Delay delay, Abort abort) {

    /** A delay before forwarding. */
    public record Delay(Duration fixedDelay, Duration exponentialDelay, Percent percentage, Integer percent) {}

    /** An abort with an HTTP status, a gRPC status (by name, e.g. UNAVAILABLE) or an HTTP/2 error. */
    public record Abort(Integer httpStatus, String grpcStatus, String http2Error, Percent percentage) {}
  }

  /** One mirror destination with its own percentage. */
  public record HTTPMirrorPolicy(Destination destination, Percent percentage) {}
}

package dev.rigging.istiod.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code ExtensionProvider} is one entry of Istio's MeshConfig {@code extensionProviders} that a
 * CUSTOM AuthorizationPolicy can name: an external authorizer reached with Envoy's
 * {@code ext_authz} over gRPC ({@code envoyExtAuthzGrpc}) or HTTP ({@code envoyExtAuthzHttp}).
 *
 * @param name what policies name in {@code provider.name}
 * @param kind gRPC or HTTP
 * @param service the authorizer's host, e.g. {@code ext-authz.auth.svc.cluster.local}; Istio's
 *     older {@code namespace/host} form is accepted
 * @param port the authorizer's service port
 * @param timeout how long to wait for its answer; null for Istio's defaults (HTTP: 600 s, the
 *     DestinationRule's timeout being the real bound; gRPC: Envoy's)
 * @param failOpen let requests through when the authorizer cannot be reached (Istio: false)
 * @param statusOnError HTTP status returned when the authorizer fails, null for Envoy's 403
 * @param pathPrefix HTTP only: prefix added to the path of the check request
 * @param includeRequestHeadersInCheck HTTP only: request headers sent to the authorizer
 * @param headersToUpstreamOnAllow HTTP only: authorizer response headers added to an allowed request
 * @param headersToDownstreamOnDeny HTTP only: authorizer response headers returned on a denial
 */
public record ExtensionProvider(
    String name,
    Kind kind,
    String service,
    int port,
    Duration timeout,
    boolean failOpen,
    Integer statusOnError,
    String pathPrefix,
    List<String> includeRequestHeadersInCheck,
    List<String> headersToUpstreamOnAllow,
    List<String> headersToDownstreamOnDeny) {

  /** How the authorizer is spoken to. */
  public enum Kind { ENVOY_EXT_AUTHZ_GRPC, ENVOY_EXT_AUTHZ_HTTP }

  public ExtensionProvider {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(service, "service");
    pathPrefix = pathPrefix == null ? "" : pathPrefix;
    includeRequestHeadersInCheck = List.copyOf(includeRequestHeadersInCheck);
    headersToUpstreamOnAllow = List.copyOf(headersToUpstreamOnAllow);
    headersToDownstreamOnDeny = List.copyOf(headersToDownstreamOnDeny);
  }

  /** The authorizer's host, without Istio's optional {@code namespace/} prefix. */
  public String host() {
    int slash = service.indexOf('/');
    return slash < 0 ? service : service.substring(slash + 1);
  }
}

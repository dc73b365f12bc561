package dev.rigging.istiod.networking;

import dev.rigging.istiod.model.ExtensionProvider;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.HttpUri;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.AuthorizationResponse;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.HttpService;
import io.envoyproxy.envoy.type.matcher.v3.ListStringMatcher;
import io.envoyproxy.envoy.type.matcher.v3.MetadataMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.matcher.v3.ValueMatcher;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.time.Duration;
import java.util.List;

/**
 * {@code ExtAuthzFilters} makes Envoy's {@code ext_authz} filters for a CUSTOM provider, as Istio
 * does: the check goes to the provider's outbound cluster, and the filter only runs for requests a
 * CUSTOM rule matched, which the RBAC filter before it records in its shadow-rule metadata
 * ({@code istio_ext_authz_shadow_effective_policy_id} starting with {@code istio-ext-authz}).
 */
final class ExtAuthzFilters {
  static final String HTTP_NAME = "envoy.filters.http.ext_authz";
  static final String NETWORK_NAME = "envoy.filters.network.ext_authz";
  /** Istio's stat prefix of CUSTOM shadow rules; Envoy prefixes its metadata keys with it. */
  static final String SHADOW_STAT_PREFIX = "istio_ext_authz_";
  /** What every CUSTOM rule name starts with ({@code CustomAuthz.RULE_PREFIX}), as Istio matches it. */
  static final String CUSTOM_MARK = "istio-ext-authz";
  /** Istio's default HTTP check timeout; the DestinationRule of the provider is the real bound. */
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(600);

  private ExtAuthzFilters() {}

  /** The HTTP filter checking requests with {@code provider} over {@code cluster}. */
  static ExtAuthz http(ExtensionProvider provider, String cluster) {
    ExtAuthz.Builder b = ExtAuthz.newBuilder()
        .setFailureModeAllow(provider.failOpen())
        .setTransportApiVersion(ApiVersion.V3)
        .setFilterEnabledMetadata(enabledBy(RbacFilters.HTTP_NAME));
    if (provider.statusOnError() != null) {
      b.setStatusOnError(HttpStatus.newBuilder().setCode(StatusCode.forNumber(provider.statusOnError())));
    }
    if (provider.kind() == ExtensionProvider.Kind.ENVOY_EXT_AUTHZ_GRPC) {
      return b.setGrpcService(grpc(provider, cluster)).build();
    }
    HttpService.Builder http = HttpService.newBuilder()
        .setPathPrefix(provider.pathPrefix())
        .setServerUri(HttpUri.newBuilder().setUri("http://" + provider.host()).setCluster(cluster)
            .setTimeout(Protos.duration(provider.timeout() == null ? HTTP_TIMEOUT : provider.timeout())));
    if (!provider.headersToUpstreamOnAllow().isEmpty() || !provider.headersToDownstreamOnDeny().isEmpty()) {
      http.setAuthorizationResponse(AuthorizationResponse.newBuilder()
          .setAllowedUpstreamHeaders(exact(provider.headersToUpstreamOnAllow()))
          .setAllowedClientHeaders(exact(provider.headersToDownstreamOnDeny())));
    }
    if (!provider.includeRequestHeadersInCheck().isEmpty()) {
      b.setAllowedHeaders(exact(provider.includeRequestHeadersInCheck()));
    }
    return b.setHttpService(http).build();
  }

  /** The network filter checking connections with a gRPC {@code provider}. */
  static io.envoyproxy.envoy.extensions.filters.network.ext_authz.v3.ExtAuthz network(ExtensionProvider provider,
      String cluster) {
    return io.envoyproxy.envoy.extensions.filters.network.ext_authz.v3.ExtAuthz.newBuilder()
        .setStatPrefix(RbacFilters.TCP_STAT_PREFIX)
        .setFailureModeAllow(provider.failOpen())
        .setTransportApiVersion(ApiVersion.V3)
        .setGrpcService(grpc(provider, cluster))
        .setFilterEnabledMetadata(enabledBy(RbacFilters.NETWORK_NAME))
        .build();
  }

  private static GrpcService grpc(ExtensionProvider provider, String cluster) {
    // '|' is not valid in a gRPC authority; Istio replaces it so the cluster name is not used as one
    GrpcService.Builder g = GrpcService.newBuilder().setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder()
        .setClusterName(cluster).setAuthority(cluster.replace("|", "_.")));
    if (provider.timeout() != null) {
      g.setTimeout(Protos.duration(provider.timeout()));
    }
    return g.build();
  }

  /** Runs the filter only when the RBAC filter {@code rbacFilter} matched a CUSTOM rule. */
  private static MetadataMatcher enabledBy(String rbacFilter) {
    return MetadataMatcher.newBuilder().setFilter(rbacFilter)
        .addPath(MetadataMatcher.PathSegment.newBuilder().setKey(SHADOW_STAT_PREFIX + "shadow_effective_policy_id"))
        .setValue(ValueMatcher.newBuilder().setStringMatch(StringMatcher.newBuilder()
            .setPrefix(CUSTOM_MARK)))
        .build();
  }

  private static ListStringMatcher exact(List<String> values) {
    ListStringMatcher.Builder b = ListStringMatcher.newBuilder();
    values.forEach(v -> b.addPatterns(StringMatcher.newBuilder().setExact(v)));
    return b.build();
  }
}

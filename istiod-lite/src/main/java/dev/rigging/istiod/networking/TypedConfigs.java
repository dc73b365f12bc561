package dev.rigging.istiod.networking;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.listener.original_dst.v3.OriginalDst;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate;
import io.envoyproxy.envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.List;

/**
 * {@code TypedConfigs} packs typed configs into {@code Any} and knows every message type that
 * translation puts into an {@code Any}, so that JSON views (debug, golden files) can print them.
 */
public final class TypedConfigs {
  /** Every type packed into an {@code Any} by translation, plus the top-level resources. */
  private static final List<com.google.protobuf.Descriptors.Descriptor> EMITTED = List.of(
      Cluster.getDescriptor(),
      ClusterLoadAssignment.getDescriptor(),
      Listener.getDescriptor(),
      RouteConfiguration.getDescriptor(),
      Secret.getDescriptor(),
      HttpConnectionManager.getDescriptor(),
      TcpProxy.getDescriptor(),
      Router.getDescriptor(),
      HTTPFault.getDescriptor(),
      Cors.getDescriptor(),
      CorsPolicy.getDescriptor(),
      OriginalDst.getDescriptor(),
      TlsInspector.getDescriptor(),
      DownstreamTlsContext.getDescriptor(),
      UpstreamTlsContext.getDescriptor(),
      RawBuffer.getDescriptor(),
      HttpProtocolOptions.getDescriptor(),
      PreviousHostsPredicate.getDescriptor(),
      PreviousPrioritiesConfig.getDescriptor(),
      io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.getDescriptor(),
      io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.getDescriptor(),
      io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz.getDescriptor(),
      io.envoyproxy.envoy.extensions.filters.network.ext_authz.v3.ExtAuthz.getDescriptor(),
      io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication.getDescriptor(),
      io.envoyproxy.envoy.extensions.path.match.uri_template.v3.UriTemplateMatchConfig.getDescriptor());

  private static final JsonFormat.TypeRegistry REGISTRY = JsonFormat.TypeRegistry.newBuilder().add(EMITTED).build();

  private TypedConfigs() {}

  /** {@code message} as an {@code Any} with the {@code type.googleapis.com/} prefix. */
  public static Any pack(Message message) {
    return Any.pack(message);
  }

  /** Every message type translation packs into an {@code Any}, plus the top-level resources. */
  public static List<com.google.protobuf.Descriptors.Descriptor> emitted() {
    return EMITTED;
  }

  /** A registry resolving every {@code Any} translation emits. */
  public static JsonFormat.TypeRegistry registry() {
    return REGISTRY;
  }
}

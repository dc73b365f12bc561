package dev.rigging.istiod.debug;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import dev.rigging.istiod.app.ControlPlane;
import dev.rigging.istiod.xds.MeshSnapshot;
import dev.rigging.istiod.xds.XdsConnections;
import dev.rigging.mesh.config.ConfigCodec;
import dev.rigging.mesh.config.ConfigObject;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.envoy.admin.v3.ClustersConfigDump;
import io.envoyproxy.envoy.admin.v3.ConfigDump;
import io.envoyproxy.envoy.admin.v3.EndpointsConfigDump;
import io.envoyproxy.envoy.admin.v3.ListenersConfigDump;
import io.envoyproxy.envoy.admin.v3.RoutesConfigDump;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.Optional;

/**
 * {@code DebugResource} serves istiod's debug endpoints on the monitoring port: {@code syncz}
 * (what each proxy was sent and acknowledged), {@code configz} (the Istio objects in force),
 * {@code config_errors} (inputs rejected right now) and {@code config_dump} (the Envoy config a proxy
 * is being served).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class DebugResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject ControlPlane controlPlane;

  @GET
  @Path("debug/syncz")
  public String syncz() {
    ArrayNode out = JSON.createArrayNode();
    controlPlane.xds().connections().connections().stream()
        .sorted(Comparator.comparing((XdsConnections.Connection c) -> c.proxy().id()))
        .forEach(c -> {
          ObjectNode n = out.addObject();
          n.put("proxy", c.proxy().podName() + "." + c.proxy().namespace());
          n.put("proxy_id", c.proxy().id());
          n.put("proxy_type", c.proxy().type().name());
          n.put("stream", c.streamId());
          n.put("delta", c.delta());
          n.put("connected_at", c.connectedAt().toString());
          c.types().forEach((typeUrl, s) -> {
            String t = shortName(typeUrl);
            n.put(t + "_sent", s.sentVersion());
            n.put(t + "_acked", s.ackedVersion());
            n.put(t + "_state", s.state());
            n.put(t + "_resources", s.sentResources());
            if (!s.nackDetail().isEmpty()) {
              n.put(t + "_nacked", s.nackedVersion());
              n.put(t + "_nack_detail", s.nackDetail());
            }
          });
        });
    return out.toPrettyString();
  }

  @GET
  @Path("debug/configz")
  public String configz() {
    ArrayNode out = JSON.createArrayNode();
    controlPlane.store().snapshot().configs().values().stream()
        .sorted(Comparator.comparing(ConfigObject::key))
        .forEach(o -> out.add(ConfigCodec.toTree(o)));
    return out.toPrettyString();
  }

  @GET
  @Path("debug/config_errors")
  public String configErrors() {
    ObjectNode out = JSON.createObjectNode();
    out.put("source", controlPlane.source().describe());
    ObjectNode rejected = out.putObject("rejected");
    controlPlane.source().rejected().forEach((input, errors) -> {
      ArrayNode a = rejected.putArray(input);
      errors.forEach(a::add);
    });
    return out.toPrettyString();
  }

  @GET
  @Path("debug/config_dump")
  public Response configDump(@QueryParam("proxyID") String proxyId) {
    if (proxyId == null || proxyId.isBlank()) {
      return error(Response.Status.BAD_REQUEST, "proxyID is required, e.g. ?proxyID=POD.NAMESPACE or a full node id");
    }
    Optional<XdsConnections.Connection> conn = controlPlane.xds().connections().connections().stream()
        .filter(c -> c.proxy().id().equals(proxyId)
            || (c.proxy().podName() + "." + c.proxy().namespace()).equals(proxyId))
        .findFirst();
    if (conn.isEmpty()) {
      return error(Response.Status.NOT_FOUND, "proxy " + proxyId + " is not connected; see /debug/syncz");
    }
    MeshSnapshot snap = controlPlane.xds().pusher().snapshot(conn.get().proxy().groupKey());
    if (snap == null) {
      return error(Response.Status.SERVICE_UNAVAILABLE, "no config generated yet for " + proxyId);
    }
    ConfigDump.Builder dump = ConfigDump.newBuilder();
    ClustersConfigDump.Builder clusters = ClustersConfigDump.newBuilder()
        .setVersionInfo(snap.version(ResourceType.CLUSTER, java.util.List.of()));
    snap.resources(ResourceType.CLUSTER).values().forEach(c -> clusters.addDynamicActiveClusters(
        ClustersConfigDump.DynamicCluster.newBuilder().setVersionInfo(clusters.getVersionInfo()).setCluster(Any.pack(c))));
    ListenersConfigDump.Builder listeners = ListenersConfigDump.newBuilder()
        .setVersionInfo(snap.version(ResourceType.LISTENER, java.util.List.of()));
    snap.resources(ResourceType.LISTENER).forEach((name, l) -> listeners.addDynamicListeners(
        ListenersConfigDump.DynamicListener.newBuilder().setName(name).setActiveState(
            ListenersConfigDump.DynamicListenerState.newBuilder().setVersionInfo(listeners.getVersionInfo())
                .setListener(Any.pack(l)))));
    RoutesConfigDump.Builder routes = RoutesConfigDump.newBuilder();
    String routeVersion = snap.version(ResourceType.ROUTE, java.util.List.of());
    snap.resources(ResourceType.ROUTE).values().forEach(r -> routes.addDynamicRouteConfigs(
        RoutesConfigDump.DynamicRouteConfig.newBuilder().setVersionInfo(routeVersion).setRouteConfig(Any.pack(r))));
    EndpointsConfigDump.Builder endpoints = EndpointsConfigDump.newBuilder();
    String edsVersion = snap.version(ResourceType.ENDPOINT, java.util.List.of());
    snap.resources(ResourceType.ENDPOINT).values().forEach(e -> endpoints.addDynamicEndpointConfigs(
        EndpointsConfigDump.DynamicEndpointConfig.newBuilder().setVersionInfo(edsVersion).setEndpointConfig(Any.pack(e))));
    dump.addConfigs(Any.pack(clusters.build())).addConfigs(Any.pack(listeners.build()))
        .addConfigs(Any.pack(routes.build())).addConfigs(Any.pack(endpoints.build()));
    return Response.ok(EnvoyJson.print(dump), MediaType.APPLICATION_JSON).build();
  }

  /**
   * Istio's {@code /debug/adsz}: the connected proxies; with {@code push=true} every proxy is sent
   * all of its config again (a forced full resync).
   */
  @GET
  @Path("debug/adsz")
  public String adsz(@QueryParam("push") boolean push) {
    if (push) {
      controlPlane.xds().resendAll();
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("totalClients", controlPlane.xds().connections().size());
    out.put("pushRequested", push);
    ArrayNode clients = out.putArray("clients");
    controlPlane.xds().connections().connections().forEach(c -> clients.addObject()
        .put("connectionId", c.streamId()).put("proxy", c.proxy().id()).put("connectedAt", c.connectedAt().toString()));
    return out.toPrettyString();
  }

  @GET
  @Path("ready")
  @Produces(MediaType.TEXT_PLAIN)
  public Response ready() {
    return controlPlane.ready() ? Response.ok("ready\n").build()
        : Response.status(Response.Status.SERVICE_UNAVAILABLE).entity("not ready: config not synced or not pushed yet\n")
            .build();
  }

  private static Response error(Response.Status status, String message) {
    ObjectNode n = JSON.createObjectNode().put("error", message);
    return Response.status(status).entity(n.toPrettyString()).type(MediaType.APPLICATION_JSON).build();
  }

  private static String shortName(String typeUrl) {
    return switch (typeUrl) {
      case Resources.V3.CLUSTER_TYPE_URL -> "cluster";
      case Resources.V3.ENDPOINT_TYPE_URL -> "endpoint";
      case Resources.V3.LISTENER_TYPE_URL -> "listener";
      case Resources.V3.ROUTE_TYPE_URL -> "route";
      case Resources.V3.SECRET_TYPE_URL -> "secret";
      default -> typeUrl.substring(typeUrl.lastIndexOf('.') + 1);
    };
  }
}

package dev.rigging.istiod.debug;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rigging.istiod.app.ControlPlane;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyType;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.networking.InboundSecurity;
import dev.rigging.istiod.security.AuthzExplainer;
import dev.rigging.istiod.security.Explanation;
import dev.rigging.istiod.security.RequestFacts;
import dev.rigging.istiod.xds.XdsConnections;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code AuthzExplainResource} serves {@code POST /debug/authz/explain} on the monitoring port:
 * given a request ({@link ExplainRequest}), which policy decides it and why, computed from the
 * authorization compiled for the current push, the same that is translated into the proxy's
 * config. The path is normalized as the proxy normalizes it; for proxyless gRPC servers, the method
 * is POST and there is no SNI, as grpc-java sees every call.
 */
@Path("/debug/authz")
public class AuthzExplainResource {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Inject ControlPlane controlPlane;

  @POST
  @Path("explain")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response explain(String body) {
    ExplainRequest in;
    try {
      in = JSON.readValue(body, ExplainRequest.class);
    } catch (JsonProcessingException e) {
      return error(Response.Status.BAD_REQUEST, "invalid request: " + e.getOriginalMessage());
    }
    if (in.port() == null || in.destination() == null) {
      return error(Response.Status.BAD_REQUEST, "destination and port are required, e.g. "
          + "{\"destination\": {\"proxyId\": \"reviews-1.shop\"}, \"port\": 9080}");
    }
    PushContext push = controlPlane.xds().current();
    if (push == null) {
      return error(Response.Status.SERVICE_UNAVAILABLE, "no push yet");
    }
    Proxy proxy;
    try {
      proxy = destination(in.destination());
    } catch (IllegalArgumentException e) {
      return error(Response.Status.BAD_REQUEST, e.getMessage());
    }
    if (proxy == null) {
      return error(Response.Status.NOT_FOUND, "proxy " + in.destination().proxyId() + " is not connected; see /debug/syncz");
    }
    Optional<InboundSecurity.PortSecurity> port = InboundSecurity.forPort(push, proxy, in.port());
    if (port.isEmpty()) {
      return error(Response.Status.NOT_FOUND, proxy.type() == ProxyType.ROUTER
          ? "no Gateway server opens port " + in.port() + " on this gateway"
          : "no service declares port " + in.port() + " of this proxyless workload, so it serves nothing there");
    }
    List<String> assumptions = new ArrayList<>();
    RequestFacts facts;
    try {
      facts = ExplainFacts.of(in, proxy, port.get(), push, assumptions);
    } catch (IllegalArgumentException e) {
      return error(Response.Status.BAD_REQUEST, e.getMessage());
    }
    AuthzExplainer.Token token = in.jwt() == null ? null
        : new AuthzExplainer.Token(in.jwt().claims() == null ? Map.of() : in.jwt().claims(), in.jwt().invalid());
    Explanation e = AuthzExplainer.explain(port.get().authorization(), port.get().jwtProviders(), facts, token);
    ObjectNode out = JSON.valueToTree(e);
    ObjectNode dest = JSON.createObjectNode();
    dest.put("proxy", proxy.id()).put("type", proxy.type().name()).put("namespace", proxy.namespace())
        .put("port", in.port()).put("enforcedBy", port.get().target().name()).put("declared", port.get().declared());
    out.set("destination", dest);
    ObjectNode seen = out.putObject("request");
    seen.putPOJO("peerPrincipals", facts.peerPrincipals());
    seen.put("path", facts.path());
    seen.putPOJO("headers", facts.headers());
    out.putPOJO("assumptions", assumptions);
    out.put("pushVersion", push.version());
    return Response.ok(out.toPrettyString(), MediaType.APPLICATION_JSON).build();
  }

  private Proxy destination(ExplainRequest.Destination d) {
    if (d.proxyId() != null && !d.proxyId().isBlank()) {
      return controlPlane.xds().connections().connections().stream().map(XdsConnections.Connection::proxy)
          .filter(p -> p.id().equals(d.proxyId()) || (p.podName() + "." + p.namespace()).equals(d.proxyId()))
          .findFirst().orElse(null);
    }
    if (d.namespace() == null || d.ip() == null) {
      throw new IllegalArgumentException("destination needs proxyId, or namespace and ip (with labels and type)");
    }
    String type = d.type() == null ? "sidecar" : d.type().toLowerCase(Locale.ROOT);
    ProxyType t = switch (type) {
      case "sidecar" -> ProxyType.SIDECAR;
      case "proxyless" -> ProxyType.PROXYLESS;
      case "gateway", "router" -> ProxyType.ROUTER;
      default -> throw new IllegalArgumentException("destination.type " + d.type()
          + " is not valid; use sidecar, proxyless or gateway");
    };
    return Proxy.of(t, d.ip(), "explain", d.namespace(), d.labels() == null ? Map.of() : new LinkedHashMap<>(d.labels()));
  }

  private static Response error(Response.Status status, String message) {
    return Response.status(status).entity(JSON.createObjectNode().put("error", message).toPrettyString())
        .type(MediaType.APPLICATION_JSON).build();
  }
}

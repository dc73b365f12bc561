package dev.rigging.lifecycle.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TEST-ONLY. {@code ServerSideApplyDispatcher} extends Fabric8's CRUD mock API server with what it
 * lacks and rig needs, each as a stand-in that is named as such:
 *
 * <ul>
 *   <li><b>server-side apply</b>: the CRUD mock answers {@code application/apply-patch+yaml} with
 *       404 (object missing) or 415 (object present). This stand-in creates the object, or replaces
 *       it with the applied configuration while keeping the server's metadata (uid, creation time,
 *       resourceVersion, generation bump on spec change) and the status. For one field manager that
 *       is what the API server does; what it cannot show is field ownership between several
 *       managers ({@code managedFields}, conflicts, another manager's fields — such as a
 *       caBundle patched in by istiod — surviving a re-apply). Every apply request is recorded with
 *       its {@code fieldManager} and {@code force} parameters so tests can assert them.
 *   <li><b>{@code /version}</b>: reports the Kubernetes version a test chooses.
 *   <li><b>the authorizer</b>: SelfSubjectAccessReviews are answered allowed, except for the
 *       verb/resource pairs a test denies.
 *   <li><b>the API server's proxy</b> to pods ({@code /pods/NAME:PORT/proxy/PATH}): answered with
 *       the bodies a test registers (istiod-lite's {@code /debug/syncz}).
 * </ul>
 */
public final class ServerSideApplyDispatcher extends KubernetesCrudDispatcher {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One apply request as the API server received it. */
  public record ApplyRequest(String method, String path, String fieldManager, boolean force) {}

  private final List<ApplyRequest> applies = new CopyOnWriteArrayList<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final Map<String, String> proxied = new ConcurrentHashMap<>();
  private final List<String> writes = new CopyOnWriteArrayList<>();
  private volatile String version = "{}";

  /** Makes {@code /version} report Kubernetes {@code major.minor}. */
  public void version(String major, String minor) {
    version = "{\"major\":\"" + major + "\",\"minor\":\"" + minor + "\",\"gitVersion\":\"v" + major + "." + minor
        + ".4\",\"platform\":\"linux/amd64\"}";
  }

  public List<ApplyRequest> applies() {
    return applies;
  }

  /** Every POST, PUT, PATCH and DELETE received (except access reviews), as "METHOD path". */
  public List<String> writes() {
    return writes;
  }

  /** Makes the authorizer stand-in deny {@code verb} on {@code resource} (e.g. "create", "clusterroles"). */
  public void deny(String verb, String resource) {
    denied.add(verb + " " + resource);
  }

  /** Makes {@code GET /api/v1/namespaces/NS/pods/POD:PORT/proxy/PATH} answer {@code body}. */
  public void proxy(String namespace, String pod, int port, String path, String body) {
    proxied.put("/api/v1/namespaces/" + namespace + "/pods/" + pod + ":" + port + "/proxy" + path, body);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    String method = request.getMethod();
    if ("GET".equals(method) && path.equals("/version")) {
      return new MockResponse().setResponseCode(200).setBody(version);
    }
    if ("POST".equals(method) && path.startsWith("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")) {
      return review(request);
    }
    if (!"GET".equals(method)) {
      writes.add(method + " " + path);
    }
    if ("PATCH".equals(method) && String.valueOf(request.getHeader("Content-Type")).contains("apply-patch")) {
      return apply(request);
    }
    if ("GET".equals(method) && path.contains("/proxy/")) {
      String body = proxied.get(path.split("\\?")[0]);
      return body == null ? new MockResponse().setResponseCode(503).setBody("no proxy stand-in for " + path)
          : new MockResponse().setResponseCode(200).setBody(body);
    }
    return super.dispatch(request);
  }

  private MockResponse review(RecordedRequest request) {
    try {
      ObjectNode review = (ObjectNode) JSON.readTree(request.getUtf8Body());
      JsonNode attrs = review.path("spec").path("resourceAttributes");
      boolean allowed = !denied.contains(attrs.path("verb").asText() + " " + attrs.path("resource").asText());
      ObjectNode status = review.putObject("status");
      status.put("allowed", allowed);
      if (!allowed) {
        status.put("reason", "denied by the test's authorizer stand-in");
      }
      return new MockResponse().setResponseCode(201).setBody(JSON.writeValueAsString(review));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private MockResponse apply(RecordedRequest request) {
    String[] pathAndQuery = request.getPath().split("\\?", 2);
    String resourcePath = pathAndQuery[0];
    String query = pathAndQuery.length > 1 ? pathAndQuery[1] : "";
    applies.add(new ApplyRequest("PATCH", resourcePath, param(query, "fieldManager"), "true".equals(param(query, "force"))));
    try {
      ObjectNode applied = (ObjectNode) YAML.readTree(request.getUtf8Body());
      MockResponse existing = handleGet(resourcePath);
      if (existing.code() == 404) {
        String collection = resourcePath.substring(0, resourcePath.lastIndexOf('/'));
        return handleCreate(request(HttpMethod.POST, collection, applied));
      }
      JsonNode live = JSON.readTree(existing.getBody().readUtf8());
      ObjectNode meta = (ObjectNode) applied.with("metadata");
      for (String kept : List.of("uid", "creationTimestamp", "resourceVersion", "generation")) {
        if (live.path("metadata").has(kept)) {
          meta.set(kept, live.path("metadata").get(kept));
        }
      }
      if (live.has("status")) {
        applied.set("status", live.get("status"));
      }
      return handleUpdate(request(HttpMethod.PUT, resourcePath, applied));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RecordedRequest request(HttpMethod method, String path, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    Headers headers = Headers.builder().add("Content-Type", "application/json").build();
    return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer(bytes));
  }

  private static String param(String query, String name) {
    for (String kv : query.split("&")) {
      String[] p = kv.split("=", 2);
      if (p[0].equals(name)) {
        return p.length > 1 ? java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "";
      }
    }
    return null;
  }
}

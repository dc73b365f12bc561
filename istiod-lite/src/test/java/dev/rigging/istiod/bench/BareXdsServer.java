package dev.rigging.istiod.bench;

import dev.rigging.ca.testing.BenchLogging;
import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.xds.ClusterGenerator;
import dev.rigging.istiod.xds.EndpointGenerator;
import dev.rigging.istiod.xds.ListenerGenerator;
import dev.rigging.istiod.xds.RouteGenerator;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code BareXdsServer} is the transport's limit for the benchmark: java-control-plane's
 * {@link V3DiscoveryServer} over a v3 {@link SimpleCache} with its defaults (default executor,
 * default serializer), holding precomputed snapshots of exactly the resources istiod-lite serves
 * for the generated mesh — computed at startup with istiod-lite's own translation
 * ({@code PushContext} and the four generators). Proxies are grouped by namespace and kind
 * (sidecar or proxyless): within a group istiod-lite's config is identical, which is checked for
 * every harness client at startup.
 *
 * <p>{@code GET /push} sets every group's snapshot again with a new version (all four types
 * resent to every client, as istiod-lite's {@code /debug/adsz?push=true}) and answers when the
 * cache has handed every response to the transport; {@code GET /memory} answers heap used and
 * committed in bytes. Usage: {@code BareXdsServer MESH_DIR XDS_PORT HTTP_PORT [CLIENTS]}.
 */
public final class BareXdsServer {
  private record Resources(List<Cluster> clusters, List<ClusterLoadAssignment> endpoints, List<Listener> listeners,
      List<RouteConfiguration> routes) {}

  private final SimpleCache<String> cache = new SimpleCache<>(BareXdsServer::group);
  private final Map<String, Resources> groups = new LinkedHashMap<>();
  private final AtomicLong version = new AtomicLong();

  public static void main(String[] args) throws Exception {
    if (!BenchLogging.configure()) {
      throw new IllegalStateException("DEBUG logging is still on; measurements would include it");
    }
    if (args.length < 3) {
      System.err.println("usage: BareXdsServer MESH_DIR XDS_PORT HTTP_PORT [CLIENTS]");
      System.exit(2);
    }
    BareXdsServer bare = new BareXdsServer();
    bare.precompute(BenchMesh.load(Path.of(args[0])), args.length > 3 ? Integer.parseInt(args[3]) : 2000);
    bare.setAll();
    V3DiscoveryServer discovery = new V3DiscoveryServer(bare.cache);
    Server grpc = NettyServerBuilder.forPort(Integer.parseInt(args[1]))
        .addService(discovery.getAggregatedDiscoveryServiceImpl()).maxInboundMessageSize(16 << 20).build().start();
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[2])), 16);
    http.createContext("/push", ex -> {
      long start = System.nanoTime();
      bare.setAll();
      reply(ex, String.format("version=%d set=%.1fms%n", bare.version.get(), (System.nanoTime() - start) / 1e6));
    });
    http.createContext("/memory", ex -> {
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      reply(ex, heap.getUsed() + " " + heap.getCommitted() + "\n");
    });
    http.createContext("/ready", ex -> reply(ex, "ready\n"));
    http.start();
    System.out.printf("bare java-control-plane server: xDS :%s, trigger http://127.0.0.1:%s/push, %d groups%n",
        args[1], args[2], bare.groups.size());
    grpc.awaitTermination();
  }

  private static void reply(HttpExchange ex, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  /** Namespace and kind, from the node the way istiod-lite reads it. */
  static String group(Node node) {
    Proxy p = Proxy.fromNode(node);
    return p.namespace() + "|" + p.type();
  }

  @SuppressWarnings("unchecked")
  private void precompute(BenchMesh mesh, int clients) {
    long start = System.nanoTime();
    PushContext push = mesh.push(1);
    ClusterGenerator cds = new ClusterGenerator();
    EndpointGenerator eds = new EndpointGenerator();
    ListenerGenerator lds = new ListenerGenerator();
    RouteGenerator rds = new RouteGenerator();
    long bytes = 0;
    for (int i = 0; i < clients; i++) {
      Proxy proxy = BenchMesh.proxy(i);
      Resources r = new Resources((List<Cluster>) cds.generate(push, proxy),
          (List<ClusterLoadAssignment>) eds.generate(push, proxy), (List<Listener>) lds.generate(push, proxy),
          (List<RouteConfiguration>) rds.generate(push, proxy));
      String key = proxy.namespace() + "|" + proxy.type();
      Resources prev = groups.putIfAbsent(key, r);
      if (prev == null) {
        bytes += size(r.clusters) + size(r.endpoints) + size(r.listeners) + size(r.routes);
      } else if (!prev.equals(r)) {
        throw new IllegalStateException("istiod-lite serves client " + i + " other config than its group " + key);
      }
    }
    System.out.printf("precomputed %d groups from istiod-lite's translation in %.0f ms (%.1f MB of distinct "
        + "resources); e.g. %s%n", groups.size(), (System.nanoTime() - start) / 1e6, bytes / 1e6, describe());
  }

  private String describe() {
    StringBuilder b = new StringBuilder();
    groups.entrySet().stream().limit(1).forEach(e -> b.append(e.getKey()).append(": ").append(sizes(e.getValue())));
    groups.entrySet().stream().filter(e -> e.getKey().endsWith("PROXYLESS")).limit(1)
        .forEach(e -> b.append("; ").append(e.getKey()).append(": ").append(sizes(e.getValue())));
    return b.toString();
  }

  private static String sizes(Resources r) {
    return String.format("CDS %d (%.0f KB), EDS %d (%.0f KB), LDS %d (%.0f KB), RDS %d (%.0f KB)",
        r.clusters.size(), size(r.clusters) / 1e3, r.endpoints.size(), size(r.endpoints) / 1e3,
        r.listeners.size(), size(r.listeners) / 1e3, r.routes.size(), size(r.routes) / 1e3);
  }

  private static long size(List<? extends Message> l) {
    return l.stream().mapToLong(Message::getSerializedSize).sum();
  }

  /** Sets every group's snapshot with a new version; the cache answers open watches on this thread. */
  private synchronized void setAll() {
    String v = Long.toString(version.incrementAndGet());
    groups.forEach((group, r) -> cache.setSnapshot(group,
        Snapshot.create(r.clusters, r.endpoints, r.listeners, r.routes, List.of(), v)));
  }
}

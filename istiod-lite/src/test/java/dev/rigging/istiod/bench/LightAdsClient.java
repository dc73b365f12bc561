package dev.rigging.istiod.bench;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@code LightAdsClient} is one state-of-the-world ADS stream that behaves like an Envoy sidecar
 * (wildcard CDS and LDS, then EDS and RDS by the names found) or a proxyless gRPC client (LDS for
 * named API listeners, then RDS, CDS and EDS by the names found), ACKs every response at once and
 * records, per type, when each version arrived.
 *
 * <p>It is light so that 2,000 of them fit in one process next to the server on two cores: it
 * decodes only the resources whose contents name further resources (listeners, clusters, and a
 * proxyless client's routes) and only the fields that do, and remembers what it derived per
 * distinct resource content, so identical bytes are decoded once per harness rather than once per
 * stream. Endpoint assignments and a sidecar's routes are never decoded.
 */
final class LightAdsClient {
  static final String CDS = Resources.V3.CLUSTER_TYPE_URL;
  static final String EDS = Resources.V3.ENDPOINT_TYPE_URL;
  static final String LDS = Resources.V3.LISTENER_TYPE_URL;
  static final String RDS = Resources.V3.ROUTE_TYPE_URL;
  /** Index order of the per-type arrays. */
  static final List<String> TYPES = List.of(CDS, EDS, LDS, RDS);

  private static final Map<ByteString, List<String>> LISTENER_DEPS = new ConcurrentHashMap<>();
  private static final Map<ByteString, List<String>> CLUSTER_DEPS = new ConcurrentHashMap<>();
  private static final Map<ByteString, List<String>> ROUTE_DEPS = new ConcurrentHashMap<>();

  final int index;
  final int namespace;
  final boolean proxyless;
  private final Node node;
  private final StreamObserver<DiscoveryRequest> requests;

  // Guarded by this. Responses of one stream arrive one at a time; requests may also be sent from
  // the harness thread (the initial ones), hence the lock.
  private final String[] version = {"", "", "", ""};
  private final String[] nonce = {"", "", "", ""};
  private final List<String>[] subscribed;
  private final boolean[] wildcard = new boolean[4];
  private final long[] responses = new long[4];
  private final int[] lastCount = new int[4];
  private long bytes;

  // Mark: what the harness saw before a trigger; the first new version of each type after it.
  private final String[] markedVersion = {"", "", "", ""};
  private final long[] markedResponses = new long[4];
  private final long[] firstNewNanos = new long[4];
  private long markedBytes;

  private volatile long configuredNanos;
  private volatile Throwable error;

  @SuppressWarnings("unchecked")
  LightAdsClient(Channel channel, int index, int namespace, boolean proxyless, String ip, String app) {
    this.index = index;
    this.namespace = namespace;
    this.proxyless = proxyless;
    String ns = MeshGenerator.namespace(namespace);
    Struct.Builder md = Struct.newBuilder()
        .putFields("NAMESPACE", str(ns))
        .putFields("INSTANCE_IPS", str(ip))
        .putFields("ISTIO_VERSION", str("1.24.0"))
        .putFields("LABELS", Value.newBuilder().setStructValue(Struct.newBuilder().putFields("app", str(app))).build());
    if (proxyless) {
      md.putFields("GENERATOR", str("grpc"));
    }
    this.node = Node.newBuilder().setId("sidecar~" + ip + "~pod-" + index + "." + ns + "~" + ns + ".svc.cluster.local")
        .setCluster(app + "." + ns).setMetadata(md).build();
    this.subscribed = new List[] {List.of(), List.of(), List.of(), List.of()};
    this.requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new StreamObserver<>() {
      @Override
      public void onNext(DiscoveryResponse r) {
        onResponse(r);
      }

      @Override
      public void onError(Throwable t) {
        error = t;
      }

      @Override
      public void onCompleted() {
        error = new IllegalStateException("stream completed by server");
      }
    });
  }

  private static Value str(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  /** Sends the first requests: wildcard CDS and LDS (sidecar), or LDS for the namespace's API listeners. */
  synchronized void start() {
    if (proxyless) {
      List<String> listeners = new ArrayList<>();
      for (int svc = 0; svc < MeshGenerator.SERVICES_PER_NAMESPACE; svc++) {
        listeners.add(MeshGenerator.host(namespace, svc) + ":" + MeshGenerator.GRPC_PORT);
        listeners.add(MeshGenerator.host(namespace, svc) + ":" + MeshGenerator.HTTP_PORT);
      }
      subscribe(2, listeners);
    } else {
      wildcard[0] = true;
      wildcard[2] = true;
      subscribe(0, List.of());
      subscribe(2, List.of());
    }
  }

  private void subscribe(int type, List<String> names) {
    subscribed[type] = names;
    // A subscription change carries the type's last version and nonce, as Envoy and grpc do.
    requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(TYPES.get(type))
        .setVersionInfo(version[type]).setResponseNonce(nonce[type]).addAllResourceNames(names).build());
  }

  private synchronized void onResponse(DiscoveryResponse r) {
    int type = TYPES.indexOf(r.getTypeUrl());
    if (type < 0) {
      return;
    }
    version[type] = r.getVersionInfo();
    nonce[type] = r.getNonce();
    responses[type]++;
    lastCount[type] = r.getResourcesCount();
    for (Any a : r.getResourcesList()) {
      bytes += a.getValue().size();
    }
    requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(r.getTypeUrl())
        .setVersionInfo(r.getVersionInfo()).setResponseNonce(r.getNonce()).addAllResourceNames(subscribed[type])
        .build());
    long now = System.nanoTime();
    if (firstNewNanos[type] == 0 && responses[type] > markedResponses[type]
        && !r.getVersionInfo().equals(markedVersion[type])) {
      firstNewNanos[type] = now;
    }
    switch (type) {
      case 2 -> follow(r, 3, LISTENER_DEPS, LightAdsClient::routeNames);
      case 0 -> follow(r, 1, CLUSTER_DEPS, LightAdsClient::edsNames);
      case 3 -> {
        if (proxyless) {
          follow(r, 0, ROUTE_DEPS, LightAdsClient::clusterNames);
        }
      }
      default -> { }
    }
    if (configuredNanos == 0 && configured()) {
      configuredNanos = now;
    }
  }

  private void follow(DiscoveryResponse r, int depType, Map<ByteString, List<String>> memo,
      Function<ByteString, List<String>> decode) {
    TreeSet<String> deps = new TreeSet<>();
    for (Any a : r.getResourcesList()) {
      deps.addAll(memo.computeIfAbsent(a.getValue(), decode));
    }
    if (memo.size() > 200_000) {
      memo.clear();
    }
    List<String> names = List.copyOf(deps);
    if (!names.equals(subscribed[depType])) {
      subscribe(depType, names);
    }
  }

  private boolean configured() {
    for (int t = 0; t < 4; t++) {
      if (responses[t] == 0 || (!wildcard[t] && lastCount[t] != subscribed[t].size())) {
        return false;
      }
    }
    return true;
  }

  /** Remembers the current versions; {@link #firstNewNanos} then reports the first different version per type. */
  synchronized void mark() {
    for (int t = 0; t < 4; t++) {
      markedVersion[t] = version[t];
      markedResponses[t] = responses[t];
      firstNewNanos[t] = 0;
    }
    markedBytes = bytes;
  }

  /** {@code nanoTime} when a version of {@code type} other than the marked one was received and ACKed, or 0. */
  synchronized long firstNewNanos(int type) {
    return firstNewNanos[type];
  }

  /** Responses of {@code type} since the mark. */
  synchronized long responsesSinceMark(int type) {
    return responses[type] - markedResponses[type];
  }

  /** Resource bytes received since the mark. */
  synchronized long bytesSinceMark() {
    return bytes - markedBytes;
  }

  /** Resources in the last response of each type (CDS, EDS, LDS, RDS). */
  synchronized int[] lastCounts() {
    return lastCount.clone();
  }

  long configuredNanos() {
    return configuredNanos;
  }

  Throwable error() {
    return error;
  }

  void close() {
    try {
      requests.onCompleted();
    } catch (RuntimeException e) {
      // already closed
    }
  }

  // --- decoding of the few fields that name other resources

  private static List<String> routeNames(ByteString bytes) {
    List<String> out = new ArrayList<>();
    try {
      Listener l = Listener.parseFrom(bytes);
      if (l.hasApiListener()) {
        rds(l.getApiListener().getApiListener(), out);
      }
      for (FilterChain fc : l.getFilterChainsList()) {
        for (Filter f : fc.getFiltersList()) {
          if (f.hasTypedConfig()) {
            rds(f.getTypedConfig(), out);
          }
        }
      }
      if (l.hasDefaultFilterChain()) {
        for (Filter f : l.getDefaultFilterChain().getFiltersList()) {
          if (f.hasTypedConfig()) {
            rds(f.getTypedConfig(), out);
          }
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("undecodable listener", e);
    }
    return List.copyOf(out);
  }

  private static void rds(Any any, List<String> out) throws InvalidProtocolBufferException {
    if (any.is(HttpConnectionManager.class)) {
      HttpConnectionManager hcm = any.unpack(HttpConnectionManager.class);
      if (hcm.hasRds()) {
        out.add(hcm.getRds().getRouteConfigName());
      }
    }
  }

  private static List<String> edsNames(ByteString bytes) {
    try {
      Cluster c = Cluster.parseFrom(bytes);
      if (c.getType() == Cluster.DiscoveryType.EDS) {
        String n = c.getEdsClusterConfig().getServiceName();
        return List.of(n.isEmpty() ? c.getName() : n);
      }
      return List.of();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("undecodable cluster", e);
    }
  }

  private static List<String> clusterNames(ByteString bytes) {
    List<String> out = new ArrayList<>();
    try {
      RouteConfiguration rc = RouteConfiguration.parseFrom(bytes);
      for (VirtualHost vh : rc.getVirtualHostsList()) {
        for (Route route : vh.getRoutesList()) {
          if (!route.hasRoute()) {
            continue;
          }
          RouteAction a = route.getRoute();
          if (!a.getCluster().isEmpty()) {
            out.add(a.getCluster());
          }
          for (WeightedCluster.ClusterWeight w : a.getWeightedClusters().getClustersList()) {
            out.add(w.getName());
          }
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("undecodable route configuration", e);
    }
    return List.copyOf(out);
  }
}

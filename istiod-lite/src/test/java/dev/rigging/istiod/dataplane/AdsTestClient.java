package dev.rigging.istiod.dataplane;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Status;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * {@code AdsTestClient} is a small hand-written ADS client (SotW or delta) on the generated Envoy
 * stubs, for what grpc-java's client cannot do: delta xDS, deliberate NACKs, and thousands of
 * lightweight streams in one process for benchmarks. It follows dependencies the way Envoy does:
 * listeners name route configs, clusters name endpoint assignments.
 */
public final class AdsTestClient implements AutoCloseable {
  /** One response as received. */
  public record Received(String typeUrl, String version, List<String> names, List<String> removed, long nanos) {}

  private final Node node;
  private final boolean delta;
  private final boolean followDependencies;
  private final StreamObserver<DiscoveryRequest> sotw;
  private final StreamObserver<DeltaDiscoveryRequest> deltaStream;
  private final Map<String, Map<String, Any>> resources = new ConcurrentHashMap<>();
  private final Map<String, String> versions = new ConcurrentHashMap<>();
  private final Map<String, String> nonces = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> subscribed = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger acks = new AtomicInteger();
  private final AtomicInteger nacks = new AtomicInteger();
  private volatile Predicate<Received> nackIf = r -> false;
  private volatile Throwable error;

  /**
   * Opens the stream.
   *
   * @param followDependencies request RDS/EDS names found in listeners/clusters, as Envoy does
   */
  public AdsTestClient(Channel channel, Node node, boolean delta, boolean followDependencies) {
    this.node = node;
    this.delta = delta;
    this.followDependencies = followDependencies;
    var stub = AggregatedDiscoveryServiceGrpc.newStub(channel);
    if (delta) {
      this.sotw = null;
      this.deltaStream = stub.deltaAggregatedResources(new StreamObserver<>() {
        @Override
        public void onNext(DeltaDiscoveryResponse r) {
          onDelta(r);
        }

        @Override
        public void onError(Throwable t) {
          error = t;
        }

        @Override
        public void onCompleted() {
        }
      });
    } else {
      this.deltaStream = null;
      this.sotw = stub.streamAggregatedResources(new StreamObserver<>() {
        @Override
        public void onNext(DiscoveryResponse r) {
          onSotw(r);
        }

        @Override
        public void onError(Throwable t) {
          error = t;
        }

        @Override
        public void onCompleted() {
        }
      });
    }
  }

  /** NACK every response for which {@code predicate} holds. */
  public void nackIf(Predicate<Received> predicate) {
    this.nackIf = predicate;
  }

  /** Subscribes to {@code names} of {@code typeUrl} (empty: wildcard). */
  public synchronized void subscribe(String typeUrl, List<String> names) {
    Set<String> prev = subscribed.put(typeUrl, new TreeSet<>(names));
    if (delta) {
      DeltaDiscoveryRequest.Builder b = DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(typeUrl)
          .addAllResourceNamesSubscribe(names);
      if (prev != null) {
        prev.stream().filter(n -> !names.contains(n)).forEach(b::addResourceNamesUnsubscribe);
      }
      deltaStream.onNext(b.build());
    } else {
      // A subscription change carries the last nonce of the type, or the server ignores it as stale.
      sotw.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(typeUrl)
          .setVersionInfo(versions.getOrDefault(typeUrl, "")).setResponseNonce(nonces.getOrDefault(typeUrl, ""))
          .addAllResourceNames(names).build());
    }
  }

  private synchronized void onSotw(DiscoveryResponse r) {
    Map<String, Any> byName = new ConcurrentHashMap<>();
    for (Any a : r.getResourcesList()) {
      byName.put(nameOf(r.getTypeUrl(), a), a);
    }
    Received rec = new Received(r.getTypeUrl(), r.getVersionInfo(), List.copyOf(new TreeSet<>(byName.keySet())),
        List.of(), System.nanoTime());
    received.add(rec);
    nonces.put(r.getTypeUrl(), r.getNonce());
    DiscoveryRequest.Builder ack = DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(r.getTypeUrl())
        .setResponseNonce(r.getNonce())
        .addAllResourceNames(subscribed.getOrDefault(r.getTypeUrl(), Set.of()));
    if (nackIf.test(rec)) {
      nacks.incrementAndGet();
      sotw.onNext(ack.setVersionInfo(versions.getOrDefault(r.getTypeUrl(), ""))
          .setErrorDetail(Status.newBuilder().setCode(3).setMessage("rejected by test").build()).build());
      return;
    }
    resources.put(r.getTypeUrl(), byName);
    versions.put(r.getTypeUrl(), r.getVersionInfo());
    acks.incrementAndGet();
    sotw.onNext(ack.setVersionInfo(r.getVersionInfo()).build());
    follow(r.getTypeUrl(), byName);
  }

  private synchronized void onDelta(DeltaDiscoveryResponse r) {
    Map<String, Any> current = resources.computeIfAbsent(r.getTypeUrl(), t -> new ConcurrentHashMap<>());
    List<String> names = new ArrayList<>();
    for (Resource res : r.getResourcesList()) {
      names.add(res.getName());
    }
    Received rec = new Received(r.getTypeUrl(), r.getSystemVersionInfo(), names, r.getRemovedResourcesList(),
        System.nanoTime());
    received.add(rec);
    nonces.put(r.getTypeUrl(), r.getNonce());
    DeltaDiscoveryRequest.Builder ack = DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(r.getTypeUrl())
        .setResponseNonce(r.getNonce());
    if (nackIf.test(rec)) {
      nacks.incrementAndGet();
      deltaStream.onNext(ack.setErrorDetail(Status.newBuilder().setCode(3).setMessage("rejected by test")).build());
      return;
    }
    for (Resource res : r.getResourcesList()) {
      current.put(res.getName(), res.getResource());
    }
    r.getRemovedResourcesList().forEach(current::remove);
    versions.put(r.getTypeUrl(), r.getSystemVersionInfo());
    acks.incrementAndGet();
    deltaStream.onNext(ack.build());
    follow(r.getTypeUrl(), current);
  }

  private void follow(String typeUrl, Map<String, Any> byName) {
    if (!followDependencies) {
      return;
    }
    Set<String> deps = new TreeSet<>();
    String depType;
    if (typeUrl.equals(Resources.V3.LISTENER_TYPE_URL)) {
      depType = Resources.V3.ROUTE_TYPE_URL;
      byName.values().forEach(a -> deps.addAll(routeNames(a)));
    } else if (typeUrl.equals(Resources.V3.CLUSTER_TYPE_URL)) {
      depType = Resources.V3.ENDPOINT_TYPE_URL;
      byName.values().forEach(a -> edsName(a, deps));
    } else {
      return;
    }
    if (!deps.equals(subscribed.getOrDefault(depType, Set.of()))) {
      subscribe(depType, List.copyOf(deps));
    }
  }

  private static List<String> routeNames(Any a) {
    List<String> out = new ArrayList<>();
    try {
      Listener l = a.unpack(Listener.class);
      if (l.hasApiListener()) {
        addRds(l.getApiListener().getApiListener(), out);
      }
      l.getFilterChainsList().forEach(fc -> fc.getFiltersList().forEach(f -> {
        if (f.hasTypedConfig()) {
          addRds(f.getTypedConfig(), out);
        }
      }));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static void addRds(Any any, List<String> out) {
    if (any.is(HttpConnectionManager.class)) {
      try {
        HttpConnectionManager hcm = any.unpack(HttpConnectionManager.class);
        if (hcm.hasRds()) {
          out.add(hcm.getRds().getRouteConfigName());
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static void edsName(Any a, Set<String> out) {
    try {
      Cluster c = a.unpack(Cluster.class);
      if (c.getType() == Cluster.DiscoveryType.EDS) {
        String n = c.getEdsClusterConfig().getServiceName();
        out.add(n.isEmpty() ? c.getName() : n);
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String nameOf(String typeUrl, Any a) {
    try {
      return switch (typeUrl) {
        case Resources.V3.CLUSTER_TYPE_URL -> a.unpack(Cluster.class).getName();
        case Resources.V3.LISTENER_TYPE_URL -> a.unpack(Listener.class).getName();
        case Resources.V3.ROUTE_TYPE_URL ->
            a.unpack(io.envoyproxy.envoy.config.route.v3.RouteConfiguration.class).getName();
        case Resources.V3.ENDPOINT_TYPE_URL ->
            a.unpack(io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment.class).getClusterName();
        case Resources.V3.SECRET_TYPE_URL ->
            a.unpack(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret.class).getName();
        default -> a.getTypeUrl();
      };
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Current resources of a type, by name. */
  public Map<String, Any> resources(String typeUrl) {
    return Map.copyOf(resources.getOrDefault(typeUrl, Map.of()));
  }

  /** The last accepted version of a type. */
  public String version(String typeUrl) {
    return versions.getOrDefault(typeUrl, "");
  }

  /** Every response received, in order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Responses received for one type. */
  public long receivedCount(String typeUrl) {
    return received.stream().filter(r -> r.typeUrl().equals(typeUrl)).count();
  }

  public int acks() {
    return acks.get();
  }

  public int nacks() {
    return nacks.get();
  }

  /** The stream's error, if it failed. */
  public Throwable error() {
    return error;
  }

  @Override
  public void close() {
    if (delta) {
      deltaStream.onCompleted();
    } else {
      sotw.onCompleted();
    }
  }
}

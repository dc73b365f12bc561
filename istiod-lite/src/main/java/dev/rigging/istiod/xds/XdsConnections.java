package dev.rigging.istiod.xds;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyType;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.exception.RequestException;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Status;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.jboss.logging.Logger;

/**
 * {@code XdsConnections} tracks every ADS stream: which proxy it is, what was sent, and what the
 * proxy ACKed or NACKed, per type. It feeds {@code /debug/syncz}, the xDS metrics and the
 * {@link XdsPusher}'s set of connected proxies.
 */
public final class XdsConnections implements DiscoveryServerCallbacks {
  private static final Logger LOG = Logger.getLogger(XdsConnections.class);

  private final Map<Long, Connection> streams = new ConcurrentHashMap<>();
  private final XdsMetrics metrics;
  private final Listener listener;
  private final ToLongFunction<String> triggerNanosOfGroup;
  private volatile Supplier<String> streamIdentity = () -> null;

  /** Receives proxies as they connect and disconnect. */
  public interface Listener {
    /** The first request of a stream arrived from {@code proxy}; called before its watch is created. */
    void connected(Proxy proxy);

    /** The stream of {@code proxy} ended. */
    void disconnected(Proxy proxy);
  }

  /**
   * @param triggerNanosOfGroup for a group key, the {@code nanoTime} of the change behind its current
   *     snapshot (0 if none), to measure convergence
   */
  XdsConnections(XdsMetrics metrics, Listener listener, ToLongFunction<String> triggerNanosOfGroup) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.triggerNanosOfGroup = Objects.requireNonNull(triggerNanosOfGroup, "triggerNanosOfGroup");
  }

  /** One ADS stream. */
  public static final class Connection {
    final long streamId;
    final Proxy proxy;
    final String groupKey;
    final Node node;
    final boolean delta;
    final Instant connectedAt = Instant.now();
    final Map<String, TypeStatus> types = new ConcurrentHashMap<>();

    Connection(long streamId, Proxy proxy, Node node, boolean delta) {
      this.streamId = streamId;
      this.proxy = proxy;
      this.groupKey = proxy.groupKey();
      this.node = node;
      this.delta = delta;
    }

    public long streamId() {
      return streamId;
    }

    public Proxy proxy() {
      return proxy;
    }

    public boolean delta() {
      return delta;
    }

    public Instant connectedAt() {
      return connectedAt;
    }

    /** Status per type URL. */
    public Map<String, TypeStatus> types() {
      return Map.copyOf(types);
    }
  }

  /** What happened with one type on one stream. */
  public static final class TypeStatus {
    volatile String sentVersion = "";
    volatile String sentNonce = "";
    volatile long sentNanos;
    volatile long triggerNanos;
    volatile int sentResources;
    volatile String ackedVersion = "";
    volatile String nackedVersion = "";
    volatile String nackDetail = "";
    volatile Instant lastAck;
    volatile List<String> requested;

    public String sentVersion() {
      return sentVersion;
    }

    public String ackedVersion() {
      return ackedVersion;
    }

    public String nackedVersion() {
      return nackedVersion;
    }

    public String nackDetail() {
      return nackDetail;
    }

    public int sentResources() {
      return sentResources;
    }

    public Instant lastAck() {
      return lastAck;
    }

    /** Istio's sync states: SYNCED, STALE (sent, not yet ACKed), NACKED or NOT SENT. */
    public String state() {
      if (sentVersion.isEmpty()) {
        return "NOT SENT";
      }
      if (!nackedVersion.isEmpty() && nackedVersion.equals(sentVersion)) {
        return "NACKED";
      }
      return sentVersion.equals(ackedVersion) ? "SYNCED" : "STALE";
    }
  }

  /**
   * How the stream being opened authenticated: called on the stream's gRPC thread (its
   * {@code io.grpc.Context} is current) with its first request; returns a SPIFFE id, or null.
   */
  void authenticateStreamsWith(Supplier<String> identity) {
    this.streamIdentity = Objects.requireNonNull(identity, "identity");
  }

  /** Every open stream. */
  public Collection<Connection> connections() {
    return List.copyOf(streams.values());
  }

  /** Number of open streams. */
  public int size() {
    return streams.size();
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) throws RequestException {
    Connection c = register(streamId, request.getNode(), false);
    String type = request.getTypeUrl();
    String rejected = null;
    TypeStatus status = c.types.computeIfAbsent(type, t -> new TypeStatus());
    List<String> names = request.getResourceNamesList();
    List<String> previous = status.requested;
    // Clients repeat their names in the same order; only a different list needs comparing as sets.
    boolean changed = previous != null && !previous.equals(names)
        && !java.util.Set.copyOf(previous).equals(java.util.Set.copyOf(names));
    status.requested = names;
    if (!request.getResponseNonce().isEmpty()) {
      TypeStatus s = status;
      if (request.getResponseNonce().equals(s.sentNonce)) {
        if (request.hasErrorDetail()) {
          rejected = s.sentVersion;
          nack(c, type, s, s.sentVersion, request.getErrorDetail().getMessage());
        } else {
          ack(c, s, request.getVersionInfo());
        }
      }
    }
    RequestContext.set(new RequestContext(c.groupKey, rejected, changed && rejected == null));
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) throws RequestException {
    Connection c = register(streamId, request.getNode(), true);
    String type = request.getTypeUrl();
    if (!request.getResponseNonce().isEmpty()) {
      TypeStatus s = c.types.computeIfAbsent(type, t -> new TypeStatus());
      if (request.getResponseNonce().equals(s.sentNonce)) {
        if (request.hasErrorDetail()) {
          nack(c, type, s, s.sentVersion, request.getErrorDetail().getMessage());
        } else {
          ack(c, s, s.sentVersion);
        }
      }
    }
    RequestContext.set(new RequestContext(c.groupKey, null, false));
  }

  @Override
  public void onV3StreamResponse(long streamId, DiscoveryRequest request, DiscoveryResponse response) {
    sent(streamId, response.getTypeUrl(), response.getVersionInfo(), response.getNonce(),
        response.getResourcesCount());
  }

  @Override
  public void onV3StreamDeltaResponse(long streamId, DeltaDiscoveryRequest request, DeltaDiscoveryResponse response) {
    sent(streamId, response.getTypeUrl(), response.getSystemVersionInfo(), response.getNonce(),
        response.getResourcesCount());
  }

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    close(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    close(streamId);
  }

  private Connection register(long streamId, Node node, boolean delta) throws RequestException {
    Connection c = streams.get(streamId);
    if (c != null) {
      return c;
    }
    String identity;
    try {
      identity = streamIdentity.get();
    } catch (RuntimeException e) {
      LOG.warnf("xds stream=%d: authentication failed (%s); the stream is served as unauthenticated", streamId,
          e.toString());
      identity = null;
    }
    Node effective = withVerifiedIdentity(node, identity);
    Proxy proxy;
    try {
      proxy = Proxy.fromNode(effective);
    } catch (Proxy.InvalidNodeException e) {
      LOG.warnf("xds stream=%d refused: %s", streamId, e.getMessage());
      throw new RequestException(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
    }
    c = new Connection(streamId, proxy, effective, delta);
    streams.put(streamId, c);
    metrics.connected();
    LOG.infof("xds connected proxy=%s type=%s stream=%d delta=%s identity=%s%s", proxy.id(), proxy.type(), streamId,
        delta, identity == null ? "none" : identity,
        proxy.type() == ProxyType.ROUTER ? " credentials=" + (proxy.mayReadCredentials() ? "yes" : "no") : "");
    listener.connected(proxy);
    return c;
  }

  // The identity comes from the transport, never from the client: a client's own value is dropped.
  static Node withVerifiedIdentity(Node node, String identity) {
    Struct.Builder md = node.getMetadata().toBuilder().removeFields(Proxy.VERIFIED_IDENTITY);
    if (identity != null && !identity.isEmpty()) {
      md.putFields(Proxy.VERIFIED_IDENTITY, Value.newBuilder().setStringValue(identity).build());
    }
    return node.toBuilder().setMetadata(md).build();
  }

  private void sent(long streamId, String type, String version, String nonce, int count) {
    Connection c = streams.get(streamId);
    if (c == null) {
      return;
    }
    TypeStatus s = c.types.computeIfAbsent(type, t -> new TypeStatus());
    long trigger = triggerNanosOfGroup.applyAsLong(c.groupKey);
    s.sentVersion = version;
    s.sentNonce = nonce;
    s.sentNanos = System.nanoTime();
    s.triggerNanos = trigger;
    s.sentResources = count;
    metrics.pushed(type, trigger == 0 ? 0 : (s.sentNanos - trigger) / 1e9);
  }

  private void ack(Connection c, TypeStatus s, String version) {
    s.ackedVersion = version;
    s.lastAck = Instant.now();
    if (s.triggerNanos != 0) {
      metrics.converged((System.nanoTime() - s.triggerNanos) / 1e9);
      s.triggerNanos = 0;
    }
  }

  private void nack(Connection c, String type, TypeStatus s, String version, String detail) {
    if (!version.equals(s.nackedVersion)) {
      LOG.warnf("xds NACK proxy=%s type=%s version=%s: %s (the proxy keeps its last accepted config)",
          c.proxy.id(), XdsMetrics.shortType(type), version, detail);
      metrics.rejected(type);
    }
    s.nackedVersion = version;
    s.nackDetail = detail;
    s.triggerNanos = 0;
  }

  private void close(long streamId) {
    Connection c = streams.remove(streamId);
    if (c != null) {
      metrics.disconnected();
      LOG.infof("xds disconnected proxy=%s stream=%d", c.proxy.id(), streamId);
      listener.disconnected(c.proxy);
    }
  }

  /** Resources of every type this control plane serves, for status output. */
  static List<String> typeUrls() {
    return List.of(Resources.V3.CLUSTER_TYPE_URL, Resources.V3.ENDPOINT_TYPE_URL, Resources.V3.LISTENER_TYPE_URL,
        Resources.V3.ROUTE_TYPE_URL, Resources.V3.SECRET_TYPE_URL);
  }
}

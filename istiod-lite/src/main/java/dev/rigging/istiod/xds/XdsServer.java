package dev.rigging.istiod.xds;

import dev.rigging.istiod.config.ConfigChange;
import dev.rigging.istiod.config.ConfigSnapshot;
import dev.rigging.istiod.config.ConfigStore;
import dev.rigging.istiod.model.JwksKeys;
import dev.rigging.istiod.model.MeshSettings;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.registry.RegistryBuilder;
import io.envoyproxy.controlplane.cache.SimpleCache;
import io.envoyproxy.controlplane.server.DefaultExecutorGroup;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.grpc.BindableService;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * {@code XdsServer} is the xDS side of istiod-lite: java-control-plane's ADS service (state of the
 * world and delta) over a snapshot cache fed by the {@link PushQueue}, with per-stream tracking.
 * It knows nothing about where config comes from beyond the {@link ConfigStore}.
 */
public final class XdsServer implements AutoCloseable {
  private final XdsMetrics metrics;
  private final SimpleCache<String, MeshSnapshot> cache;
  private final XdsPusher pusher;
  private final XdsConnections connections;
  private final V3DiscoveryServer discovery;
  private final PushQueue queue;

  /** A server whose pushes carry no fetched JWKS keys (RequestAuthentications with jwksUri fail closed). */
  public XdsServer(ConfigStore store, BooleanSupplier synced, RegistryBuilder registryBuilder, MeshSettings mesh,
      MeterRegistry meterRegistry, Tracer tracer, List<XdsGenerator> generators, Duration quiet, Duration max) {
    this(store, synced, registryBuilder, mesh, meterRegistry, tracer, generators, quiet, max, c -> JwksKeys.NONE);
  }

  /**
   * @param jwks the JWKS keys a config snapshot's RequestAuthentications need, fetched on the push
   *     thread before translation
   */
  public XdsServer(ConfigStore store, BooleanSupplier synced, RegistryBuilder registryBuilder, MeshSettings mesh,
      MeterRegistry meterRegistry, Tracer tracer, List<XdsGenerator> generators, Duration quiet, Duration max,
      Function<ConfigSnapshot, JwksKeys> jwks) {
    this.metrics = new XdsMetrics(meterRegistry);
    this.cache = new SimpleCache<>(node -> groupOf(node)) { };
    this.pusher = new XdsPusher(cache, generators);
    this.connections = new XdsConnections(metrics, new XdsConnections.Listener() {
      @Override
      public void connected(Proxy proxy) {
        pusher.connected(proxy);
      }

      @Override
      public void disconnected(Proxy proxy) {
        pusher.disconnected(proxy);
      }
    }, pusher::triggerNanos);
    this.discovery = new V3DiscoveryServer(List.of(connections), new XdsWatcher(cache), new DefaultExecutorGroup(),
        pusher.serializer());
    this.queue = new PushQueue(store, synced, registryBuilder, mesh, pusher, metrics, tracer, quiet, max, jwks);
  }

  private static String groupOf(io.envoyproxy.envoy.config.core.v3.Node node) {
    // The stream's group, known since its first request, saves parsing the node on every request.
    // Without it (no stream callback ran on this thread) the node is taken as unauthenticated: an
    // identity the client wrote into its own metadata never selects a group.
    String group = RequestContext.group();
    return group != null ? group : Proxy.fromNode(XdsConnections.withVerifiedIdentity(node, null)).groupKey();
  }

  /** Starts the push loop. */
  public void start() {
    queue.start();
  }

  /** The config source finished its initial load: the first push may go. */
  public void sourceSynced() {
    queue.poke();
  }

  /** DNS answers changed: recompute endpoints. */
  public void dnsChanged() {
    queue.enqueue(ConfigChange.kubeEndpoints("dns refresh"));
  }

  /** Fetched JWKS keys changed: push again (listeners inline them). */
  public void jwksChanged() {
    queue.enqueue(ConfigChange.config(Set.of(), "jwks refresh"));
  }

  /** Pushes everything to every proxy again (new versions for all resources). */
  public void resendAll() {
    queue.requestResendAll();
  }

  /**
   * How streams authenticate (see {@link XdsConnections#authenticateStreamsWith}); until this is
   * called, none does and no proxy receives credentials.
   */
  public void authenticateStreamsWith(java.util.function.Supplier<String> identity) {
    connections.authenticateStreamsWith(identity);
  }

  /** The gRPC service to register (ADS, SotW and delta). */
  public BindableService adsService() {
    return discovery.getAggregatedDiscoveryServiceImpl();
  }

  public XdsMetrics metrics() {
    return metrics;
  }

  public XdsConnections connections() {
    return connections;
  }

  public XdsPusher pusher() {
    return pusher;
  }

  /** The last push context, null before the first push. */
  public PushContext current() {
    return pusher.current();
  }

  /** Pushes done so far. */
  public long pushes() {
    return queue.pushes();
  }

  /** Every group key with a snapshot right now. */
  public Set<String> groups() {
    return Set.copyOf(cache.groups());
  }

  @Override
  public void close() {
    queue.close();
    pusher.close();
  }
}

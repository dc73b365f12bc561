package dev.rigging.istiod.xds;

import dev.rigging.istiod.config.ConfigChange;
import dev.rigging.istiod.config.ConfigSnapshot;
import dev.rigging.istiod.config.ConfigStore;
import dev.rigging.istiod.model.JwksKeys;
import dev.rigging.istiod.model.MeshSettings;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.registry.Endpoint;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.RegistryBuilder;
import dev.rigging.istiod.registry.RegistrySnapshot;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigObject;
import dev.rigging.mesh.config.Kind;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * {@code PushQueue} debounces config changes and runs pushes on one thread.
 *
 * <p>A push starts once no change arrived for {@code quiet} (Istio: 100 ms) or {@code max} after the
 * first pending change (Istio: 10 s), whichever comes first, and only after the config source has
 * synced, so no proxy is ever sent a half-loaded mesh. Changes arriving during a push are
 * coalesced into the next one. The push is endpoint-only (EDS) when neither Istio config (other
 * than WorkloadEntries) nor the set of services changed, and no DNS service's endpoints changed
 * (Envoy carries those inside the cluster), and the JWKS keys fetched for RequestAuthentications are
 * the same (they are inlined into listeners). When only mesh VirtualServices changed, only the
 * proxies they can reach are generated again (see {@link VirtualServiceChange}).
 */
public final class PushQueue implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PushQueue.class);

  private final ConfigStore store;
  private final BooleanSupplier synced;
  private final RegistryBuilder registryBuilder;
  private final MeshSettings mesh;
  private final XdsPusher pusher;
  private final XdsMetrics metrics;
  private final Tracer tracer;
  private final long quietNanos;
  private final long maxNanos;
  private final Thread thread;
  private final Function<ConfigSnapshot, JwksKeys> jwks;

  private long firstPending;
  private long lastPending;
  private final Set<String> pendingReasons = new TreeSet<>();
  private int droppedReasons;
  private boolean resendAll;
  private boolean pending;
  private boolean closed;
  private ConfigSnapshot lastConfig;
  private RegistrySnapshot lastRegistry;
  private JwksKeys lastJwks;
  private volatile long pushes;

  /**
   * @param jwks the JWKS keys the RequestAuthentications of a config snapshot need (fetching is done
   *     here, on the push thread, outside translation)
   */
  public PushQueue(ConfigStore store, BooleanSupplier synced, RegistryBuilder registryBuilder, MeshSettings mesh,
      XdsPusher pusher, XdsMetrics metrics, Tracer tracer, Duration quiet, Duration max,
      Function<ConfigSnapshot, JwksKeys> jwks) {
    this.jwks = Objects.requireNonNull(jwks, "jwks");
    this.store = Objects.requireNonNull(store, "store");
    this.synced = Objects.requireNonNull(synced, "synced");
    this.registryBuilder = Objects.requireNonNull(registryBuilder, "registryBuilder");
    this.mesh = Objects.requireNonNull(mesh, "mesh");
    this.pusher = Objects.requireNonNull(pusher, "pusher");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.tracer = Objects.requireNonNull(tracer, "tracer");
    this.quietNanos = quiet.toNanos();
    this.maxNanos = max.toNanos();
    this.thread = new Thread(this::run, "rigging-push");
    this.thread.setDaemon(true);
    store.addListener(this::enqueue);
  }

  /** Starts the push thread; the first push happens as soon as the source has synced. */
  public void start() {
    enqueue(new ConfigChange(Set.of(), false, false, "initial"));
    thread.start();
  }

  /** Number of pushes done. */
  public long pushes() {
    return pushes;
  }

  /** Records a change; the push follows after debouncing. */
  public synchronized void enqueue(ConfigChange change) {
    long now = System.nanoTime();
    if (!pending) {
      pending = true;
      firstPending = now;
    }
    lastPending = now;
    if (pendingReasons.size() < 20) {
      pendingReasons.add(change.reason());
    } else {
      droppedReasons++;
    }
    metrics.trigger(change.triggerType());
    notifyAll();
  }

  /**
   * Requests a full push that resends every resource to every proxy (Istio's
   * {@code /debug/adsz?push=true}), debounced like any change.
   */
  public synchronized void requestResendAll() {
    resendAll = true;
    enqueue(new ConfigChange(java.util.Set.of(), false, false, "resend requested"));
  }

  /** Wakes the queue to re-check readiness (called when a source finishes syncing). */
  public synchronized void poke() {
    notifyAll();
  }

  private void run() {
    while (true) {
      long trigger;
      String reasons;
      boolean resend;
      synchronized (this) {
        try {
          while (!closed && !due()) {
            wait(waitMillis());
          }
        } catch (InterruptedException e) {
          return;
        }
        if (closed) {
          return;
        }
        trigger = firstPending;
        reasons = String.join(", ", pendingReasons) + (droppedReasons > 0 ? " and " + droppedReasons + " more" : "");
        pending = false;
        pendingReasons.clear();
        droppedReasons = 0;
        resend = resendAll;
        resendAll = false;
      }
      try {
        pushOnce(trigger, reasons, resend);
      } catch (RuntimeException e) {
        LOG.errorf(e, "push failed (%s); proxies keep their current config", reasons);
      }
    }
  }

  private boolean due() {
    if (!pending || !synced.getAsBoolean()) {
      return false;
    }
    long now = System.nanoTime();
    return now - lastPending >= quietNanos || now - firstPending >= maxNanos;
  }

  private long waitMillis() {
    if (!pending) {
      return 0;
    }
    if (!synced.getAsBoolean()) {
      return 100;
    }
    long now = System.nanoTime();
    long untilQuiet = quietNanos - (now - lastPending);
    long untilMax = maxNanos - (now - firstPending);
    return Math.max(1, Math.min(untilQuiet, untilMax) / 1_000_000 + 1);
  }

  private void pushOnce(long trigger, String reasons, boolean resend) {
    Span span = tracer.spanBuilder("push").startSpan();
    try {
      ConfigSnapshot config = store.snapshot();
      RegistrySnapshot registry = registryBuilder.build(config);
      JwksKeys keys = jwks.apply(config);
      boolean keysChanged = !keys.equals(lastJwks);
      boolean full = resend || lastConfig == null || !endpointsOnly(lastConfig, config, lastRegistry, registry)
          || keysChanged;
      VirtualServiceChange routesOnly = full && !resend && !keysChanged && lastConfig != null
          ? VirtualServiceChange.of(lastConfig, config, lastRegistry, registry) : null;
      // A forced resend with nothing changed reuses the push context, as istiod's adsz push does.
      PushContext previous = pusher.current();
      boolean unchanged = resend && previous != null && config == lastConfig && !keysChanged
          && VirtualServiceChange.sameRegistry(lastRegistry, registry);
      PushContext ctx = unchanged ? previous : PushContext.build(config.revision(), config, registry, mesh, keys);
      XdsPusher.PushResult r = routesOnly != null ? pusher.push(ctx, routesOnly, trigger)
          : pusher.push(ctx, full, trigger, resend);
      lastConfig = config;
      lastRegistry = registry;
      lastJwks = keys;
      pushes++;
      span.setAttribute("rigging.push.version", r.version());
      span.setAttribute("rigging.push.full", r.full());
      span.setAttribute("rigging.push.groups", r.groups());
      span.setAttribute("rigging.push.reasons", reasons);
      LOG.infof("push version=%d %s groups=%d debounced=%.0fms generate=%.1fms reasons=[%s]", r.version(),
          resend ? "resend-all" : routesOnly != null ? "routes" : full ? "full" : "eds", r.groups(), (System.nanoTime() - trigger) / 1e6, r.generateNanos() / 1e6,
          abbreviate(reasons));
    } catch (RuntimeException e) {
      span.recordException(e);
      throw e;
    } finally {
      span.end();
    }
  }

  static boolean endpointsOnly(ConfigSnapshot before, ConfigSnapshot after, RegistrySnapshot regBefore,
      RegistrySnapshot regAfter) {
    if (!withoutWorkloadEntries(before.configs()).equals(withoutWorkloadEntries(after.configs()))
        || !before.credentials().equals(after.credentials())) {
      return false;
    }
    if (!regBefore.services().equals(regAfter.services())) {
      return false;
    }
    for (MeshService s : regAfter.services()) {
      if (s.resolution() != MeshService.Resolution.STATIC && s.resolution() != MeshService.Resolution.PASSTHROUGH
          && !regBefore.endpoints(s.key()).equals(regAfter.endpoints(s.key()))) {
        return false;
      }
      // Clusters read endpoints too, as Istio's do: service accounts are the SANs clients check,
      // and whether every endpoint takes mTLS decides auto-mTLS for passthrough traffic. Istio
      // pushes fully when they change; so do we.
      if (!clusterInputs(regBefore, s).equals(clusterInputs(regAfter, s))) {
        return false;
      }
    }
    return true;
  }

  /** What clusters of {@code s} read from its endpoints: service accounts, and per port whether all take mTLS. */
  private static Map<String, Object> clusterInputs(RegistrySnapshot registry, MeshService s) {
    Set<String> accounts = new TreeSet<>();
    Map<Integer, Boolean> allMtls = new java.util.TreeMap<>();
    for (Endpoint e : registry.endpoints(s.key())) {
      if (!e.serviceAccount().isEmpty()) {
        accounts.add(e.serviceAccount());
      }
      allMtls.merge(e.servicePort(), !e.tlsMode().equals(Endpoint.TLS_MODE_DISABLED), Boolean::logicalAnd);
    }
    return Map.of("serviceAccounts", accounts, "allMtls", allMtls);
  }

  private static Map<ConfigKey, ConfigObject<?>> withoutWorkloadEntries(Map<ConfigKey, ConfigObject<?>> configs) {
    return configs.entrySet().stream().filter(e -> e.getKey().kind() != Kind.WORKLOAD_ENTRY)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  @Override
  public synchronized void close() {
    closed = true;
    notifyAll();
  }
}

package dev.rigging.istiod.config.kube;

import dev.rigging.istiod.config.ConfigMetrics;
import dev.rigging.istiod.config.ConfigSource;
import dev.rigging.istiod.config.ConfigStore;
import dev.rigging.istiod.registry.kube.KubeServiceConverter;
import dev.rigging.mesh.config.Kind;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * {@code KubernetesConfigSource} reads the mesh from a Kubernetes API server: Istio networking
 * objects ({@code networking.istio.io/v1}) and Services, EndpointSlices, Pods, Nodes and Namespaces,
 * through Fabric8 informers over all namespaces; and the TLS Secrets that {@code credentialName}
 * names ({@link CredentialWatcher}, which does not gate readiness).
 *
 * <p>{@link #start} fails at once when the cluster does not serve the Istio CRDs. When the API
 * server cannot be reached it returns after the discovery timeout and the informers keep retrying in
 * the background; {@link #synced()} turns true only once every informer has listed its resources
 * and the whole initial state is in the store, written in one update.
 */
public final class KubernetesConfigSource implements ConfigSource {
  /** How long {@link #start} waits for the API server to answer discovery by default. */
  public static final Duration DEFAULT_DISCOVERY_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = Logger.getLogger(KubernetesConfigSource.class);

  private final KubernetesClient client;
  private final ConfigMetrics metrics;
  private final KubeServiceConverter converter;
  private final Map<String, String> discoverySelector;
  private final Duration discoveryTimeout;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  // Discovery and the initial publish run here: neither may block the caller or a Fabric8 I/O thread.
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "rigging-kube-config");
    t.setDaemon(true);
    return t;
  });
  private volatile ClusterInformers informers;
  private volatile ClusterSync sync;
  private volatile CredentialWatcher credentials;
  private volatile boolean closed;

  /** A source over every namespace, with host names under {@code domainSuffix} (usually {@code cluster.local}). */
  public KubernetesConfigSource(KubernetesClient client, ConfigMetrics metrics, String domainSuffix) {
    this(client, metrics, domainSuffix, Map.of(), DEFAULT_DISCOVERY_TIMEOUT);
  }

  /**
   * A source limited to the namespaces whose labels include all of {@code discoverySelector} (Istio's
   * {@code discoverySelectors} with {@code matchLabels}; empty means every namespace).
   *
   * @param discoveryTimeout how long {@link #start} waits for the API server before carrying on in the background
   */
  public KubernetesConfigSource(KubernetesClient client, ConfigMetrics metrics, String domainSuffix,
      Map<String, String> discoverySelector, Duration discoveryTimeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.converter = new KubeServiceConverter(domainSuffix);
    this.discoverySelector = Map.copyOf(discoverySelector);
    this.discoveryTimeout = Objects.requireNonNull(discoveryTimeout, "discoveryTimeout");
  }

  /**
   * Starts the informers; returns without waiting for them to sync.
   *
   * @throws IllegalStateException when the cluster does not serve the Istio CRDs, naming them
   */
  @Override
  public synchronized void start(ConfigStore store) {
    Objects.requireNonNull(store, "store");
    if (informers != null || closed) {
      throw new IllegalStateException(describe() + " was already started or closed");
    }
    try {
      requireIstioCrds();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    ClusterInformers created = new ClusterInformers(client, discoverySelector);
    ClusterSync s = new ClusterSync(created, store,
        new IstioConfigTracker(client.getKubernetesSerialization(), metrics), new KubeRegistryCache(converter), describe());
    s.register();
    created.all().forEach((name, informer) -> informer.exceptionHandler((started, t) -> retry(name, started, t)));
    informers = created;
    sync = s;
    created.start().whenCompleteAsync((ignored, t) -> {
      if (t == null) {
        s.publishInitial();
      } else if (!closed) {
        LOG.errorf(t, "kubernetes informers stopped before syncing: source=%s; not ready", describe());
      }
    }, worker);
    // In a pod, the client's namespace is the pod's (from its service-account mount): istiod's own.
    CredentialWatcher c = new CredentialWatcher(client, store,
        client.getNamespace() == null ? "istio-system" : client.getNamespace());
    credentials = c;
    c.start();
    LOG.infof("kubernetes informers started: source=%s discoverySelector=%s", describe(), discoverySelector);
  }

  @Override
  public boolean synced() {
    ClusterSync s = sync;
    return s != null && s.published() && !closed;
  }

  @Override
  public java.util.Map<String, java.util.List<String>> rejected() {
    ClusterSync s = sync;
    return s == null ? java.util.Map.of() : s.rejected();
  }

  @Override
  public String describe() {
    return "kubernetes:" + client.getMasterUrl();
  }

  @Override
  public void close() {
    closed = true;
    ClusterSync s = sync;
    if (s != null) {
      s.close();
    }
    ClusterInformers i = informers;
    if (i != null) {
      i.close();
    }
    CredentialWatcher c = credentials;
    if (c != null) {
      c.close();
    }
    worker.shutdownNow();
  }

  private void requireIstioCrds() {
    Future<List<Kind>> check = worker.submit(() -> IstioCrds.missing(client));
    try {
      List<Kind> missing = check.get(discoveryTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!missing.isEmpty()) {
        throw new IllegalStateException(IstioCrds.missingMessage(missing, client.getMasterUrl().toString()));
      }
    } catch (TimeoutException e) {
      // The discovery call keeps retrying inside Fabric8; interrupting it frees the worker for the initial publish.
      check.cancel(true);
      LOG.warnf("kubernetes API server not answering: source=%s timeout=%s; cannot check the Istio CRDs; starting "
          + "informers anyway, they retry in the background and istiod-lite stays not ready until they sync",
          describe(), discoveryTimeout);
    } catch (ExecutionException e) {
      LOG.warnf("kubernetes API discovery failed: source=%s error=%s; cannot check the Istio CRDs; starting "
          + "informers anyway, they retry in the background and istiod-lite stays not ready until they sync",
          describe(), rootCause(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the Istio CRDs on " + describe(), e);
    }
  }

  // Informers never give up (the default stops when the first list fails): the API server may come back.
  // Fabric8 logs every retry; this logs the first list and the first watch failure with what it means.
  private boolean retry(String informer, boolean started, Throwable t) {
    if (closed) {
      return false;
    }
    // Informers are named by kind; Istio kind names are unique across the networking and security groups.
    Kind istioKind = java.util.Arrays.stream(Kind.values()).filter(k -> k.kindName().equals(informer)).findFirst()
        .orElse(null);
    if (istioKind != null && isNotFound(t)) {
      LOG.errorf("kubernetes %s list failed with 404: source=%s; %s", informer, describe(),
          IstioCrds.missingMessage(List.of(istioKind), client.getMasterUrl().toString()));
    } else if (warned.add(started ? "watch" : "list")) {
      LOG.warnf("kubernetes %s %s failed: source=%s error=%s; informers retry in the background%s", informer,
          started ? "watch" : "list", describe(), rootCause(t),
          synced() ? "" : " and istiod-lite stays not ready until every informer has synced");
    } else {
      LOG.debugf("kubernetes %s failed again: source=%s error=%s", informer, describe(), rootCause(t));
    }
    return true;
  }

  private static String rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.toString();
  }

  private static boolean isNotFound(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return true;
      }
    }
    return false;
  }
}

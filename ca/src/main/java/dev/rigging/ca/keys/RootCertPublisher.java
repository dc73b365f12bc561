package dev.rigging.ca.keys;

import dev.rigging.ca.CaListener;
import dev.rigging.ca.crypto.Pem;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code RootCertPublisher} keeps ConfigMap {@value #CONFIG_MAP_NAME} (key {@value #KEY}, every
 * trusted root) in every namespace, as istiod does: workloads mount it to trust the CA and istiod.
 *
 * <p>A namespace informer creates the ConfigMap in new namespaces; a ConfigMap informer (this name
 * only) repairs copies that are edited or deleted; {@link #rootsChanged} rewrites all of them. All
 * writes run on one worker thread, one pending task per namespace, retried with back-off.
 */
public final class RootCertPublisher implements CaListener, AutoCloseable {
  /** Istio's ConfigMap name. */
  public static final String CONFIG_MAP_NAME = "istio-ca-root-cert";
  /** The data key holding the PEM roots. */
  public static final String KEY = "root-cert.pem";
  /** Istio's label on the ConfigMap. */
  public static final Map<String, String> LABELS = Map.of("istio.io/config", "true");

  private static final Logger LOG = Logger.getLogger(RootCertPublisher.class);
  private static final long RESYNC_MILLIS = Duration.ofMinutes(10).toMillis();
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final Supplier<List<X509Certificate>> roots;
  private final ScheduledExecutorService worker;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private volatile SharedIndexInformer<Namespace> namespaces;
  private volatile SharedIndexInformer<ConfigMap> configMaps;

  public RootCertPublisher(KubernetesClient client, Supplier<List<X509Certificate>> roots) {
    this.client = Objects.requireNonNull(client, "client");
    this.roots = Objects.requireNonNull(roots, "roots");
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "root-cert-publisher");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts both informers (returns once they have listed) and publishes to every namespace. */
  public synchronized void start() {
    namespaces = client.namespaces().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace ns) {
        schedule(ns.getMetadata().getName());
      }

      @Override
      public void onUpdate(Namespace old, Namespace ns) {}

      @Override
      public void onDelete(Namespace ns, boolean unknownFinalState) {
        pending.remove(ns.getMetadata().getName());
      }
    }, RESYNC_MILLIS);
    configMaps = client.configMaps().inAnyNamespace().withField("metadata.name", CONFIG_MAP_NAME)
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(ConfigMap cm) {
            schedule(cm.getMetadata().getNamespace());
          }

          @Override
          public void onUpdate(ConfigMap old, ConfigMap cm) {
            schedule(cm.getMetadata().getNamespace());
          }

          @Override
          public void onDelete(ConfigMap cm, boolean unknownFinalState) {
            schedule(cm.getMetadata().getNamespace());
          }
        }, RESYNC_MILLIS);
    publishAll();
  }

  @Override
  public void rootsChanged(List<X509Certificate> newRoots) {
    publishAll();
  }

  /** Schedules a check of every known namespace. */
  public void publishAll() {
    SharedIndexInformer<Namespace> informer = namespaces;
    if (informer != null) {
      informer.getStore().list().forEach(ns -> schedule(ns.getMetadata().getName()));
    }
  }

  private void schedule(String namespace) {
    schedule(namespace, Duration.ZERO);
  }

  private void schedule(String namespace, Duration delay) {
    if (pending.add(namespace) && !worker.isShutdown()) {
      worker.schedule(() -> {
        pending.remove(namespace);
        reconcile(namespace);
      }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void reconcile(String namespace) {
    SharedIndexInformer<Namespace> informer = namespaces;
    if (informer == null) {
      // An informer callback can fire before start() has stored the informer.
      schedule(namespace, Duration.ofMillis(50));
      return;
    }
    Namespace ns = informer.getStore().getByKey(namespace);
    if (ns == null || "Terminating".equals(ns.getStatus() == null ? null : ns.getStatus().getPhase())) {
      failures.remove(namespace);
      return;
    }
    String desired = Pem.encode(roots.get());
    try {
      ConfigMap current = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP_NAME).get();
      if (current == null) {
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
            .withNamespace(namespace).withName(CONFIG_MAP_NAME).withLabels(LABELS).endMetadata()
            .withData(Map.of(KEY, desired)).build()).create();
        LOG.debugf("namespace=%s configmap=%s created", namespace, CONFIG_MAP_NAME);
      } else if (!upToDate(current, desired)) {
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder(current).editMetadata()
            .addToLabels(LABELS).endMetadata().addToData(KEY, desired).build()).update();
        LOG.infof("namespace=%s configmap=%s repaired or updated", namespace, CONFIG_MAP_NAME);
      }
      failures.remove(namespace);
    } catch (KubernetesClientException e) {
      int attempt = failures.merge(namespace, 1, Integer::sum);
      Duration backoff = Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), 200L << Math.min(attempt, 10)));
      LOG.warnf("namespace=%s configmap=%s publication failed (attempt %d, retry in %s): %s", namespace,
          CONFIG_MAP_NAME, attempt, backoff, e.getMessage());
      schedule(namespace, backoff);
    }
  }

  private static boolean upToDate(ConfigMap cm, String desired) {
    Map<String, String> labels = cm.getMetadata().getLabels();
    return cm.getData() != null && desired.equals(cm.getData().get(KEY)) && labels != null
        && labels.entrySet().containsAll(LABELS.entrySet());
  }

  @Override
  public synchronized void close() {
    worker.shutdownNow();
    if (configMaps != null) {
      configMaps.close();
    }
    if (namespaces != null) {
      namespaces.close();
    }
  }
}

package dev.rigging.istiod.config.kube;

import dev.rigging.istiod.config.ConfigChange;
import dev.rigging.istiod.config.ConfigStore;
import dev.rigging.istiod.config.Credential;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * {@code CredentialWatcher} keeps the store's credentials equal to the TLS Secrets of the cluster
 * (every namespace, as istiod reads them for {@code credentialName}). Each change is a push with
 * trigger {@code secret}, so a renewed certificate reaches the gateways that serve it.
 *
 * <p>It does not hold up readiness: a gateway whose credential is missing is configured anyway
 * (Envoy waits for the secret without failing the listener). When istiod-lite may not list Secrets
 * cluster-wide (rig grants Secrets in its own namespace only), it watches its own namespace, where
 * rig installs the gateways, and says so in the log.
 */
final class CredentialWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CredentialWatcher.class);

  private final KubernetesClient client;
  private final ConfigStore store;
  private final String ownNamespace;
  private final Object lock = new Object();
  private final Map<String, Credential> credentials = new HashMap<>();
  private volatile SharedIndexInformer<Secret> informer;
  private volatile boolean warned;
  private volatile boolean closed;

  CredentialWatcher(KubernetesClient client, ConfigStore store, String ownNamespace) {
    this.client = Objects.requireNonNull(client, "client");
    this.store = Objects.requireNonNull(store, "store");
    this.ownNamespace = Objects.requireNonNull(ownNamespace, "ownNamespace");
  }

  void start() {
    SharedIndexInformer<Secret> all = client.secrets().inAnyNamespace().runnableInformer(0);
    all.addEventHandler(handler());
    all.exceptionHandler((started, t) -> {
      if (!started && forbidden(t)) {
        LOG.warnf("kubernetes Secrets cannot be listed in every namespace (403); credentialName secrets are "
            + "served from namespace %s only (grant get, list and watch on Secrets to serve other namespaces)",
            ownNamespace);
        CompletableFuture.runAsync(this::startOwnNamespace);
        return false;
      }
      warnOnce(started, t);
      return true;
    });
    informer = all;
    all.start();
  }

  private void startOwnNamespace() {
    if (closed) {
      return;
    }
    SharedIndexInformer<Secret> own = client.secrets().inNamespace(ownNamespace).runnableInformer(0);
    own.addEventHandler(handler());
    own.exceptionHandler((started, t) -> {
      warnOnce(started, t);
      return true;
    });
    informer = own;
    own.start();
  }

  private void warnOnce(boolean started, Throwable t) {
    if (!warned) {
      warned = true;
      LOG.warnf("kubernetes Secret %s failed: %s; credentialName secrets are not served until it succeeds; "
          + "retrying in the background", started ? "watch" : "list", t.toString());
    }
  }

  private static boolean forbidden(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
        return true;
      }
    }
    return false;
  }

  private ResourceEventHandler<Secret> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Secret obj) {
        changed("added", obj, false);
      }

      @Override
      public void onUpdate(Secret oldObj, Secret newObj) {
        changed("updated", newObj, false);
      }

      @Override
      public void onDelete(Secret obj, boolean deletedFinalStateUnknown) {
        changed("deleted", obj, true);
      }
    };
  }

  private void changed(String what, Secret secret, boolean deleted) {
    String name = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    // One lock: updates reach the store in the order the informer delivered them.
    synchronized (lock) {
      Credential next = deleted ? null : SecretCredentials.of(secret).orElse(null);
      Credential previous = next == null ? credentials.remove(name) : credentials.put(name, next);
      if (Objects.equals(previous, next)) {
        return;
      }
      LOG.debugf("credential secret=%s %s (%d credentials)", name, what, credentials.size());
      Map<String, Credential> all = Map.copyOf(credentials);
      store.update(s -> s.withCredentials(all), ConfigChange.credentials("Secret " + name));
    }
  }

  @Override
  public void close() {
    closed = true;
    SharedIndexInformer<Secret> i = informer;
    if (i != null) {
      i.stop();
    }
  }
}

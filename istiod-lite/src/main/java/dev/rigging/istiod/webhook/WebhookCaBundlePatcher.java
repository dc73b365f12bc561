package dev.rigging.istiod.webhook;

import dev.rigging.ca.CaListener;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.istiod.app.IstiodNames;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code WebhookCaBundlePatcher} keeps the {@code caBundle} of this revision's webhook entries equal
 * to the CA's trusted roots, as istiod's webhook patcher does (no Helm hooks): it watches the
 * Mutating- and ValidatingWebhookConfigurations labelled {@code istio.io/rev=REVISION} — rig's
 * injector, validators and revision tags pointing at this revision — and patches, by JSON patch,
 * the {@code caBundle} of the entries whose Service is this istiod. Nothing else is written: rig
 * owns the configurations (it creates and deletes them, and sets every other field).
 *
 * <p>It patches when a configuration appears or changes (rig re-applies it without the bundle) and
 * when the trusted roots change (rotation, a new plugged CA). Failed patches are retried.
 */
public final class WebhookCaBundlePatcher implements CaListener, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WebhookCaBundlePatcher.class);
  private static final String REV = "istio.io/rev";

  private final KubernetesClient client;
  private final IstiodNames names;
  private final Supplier<List<X509Certificate>> roots;
  private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "rigging-webhook-cabundle");
    t.setDaemon(true);
    return t;
  });
  private SharedIndexInformer<MutatingWebhookConfiguration> mutating;
  private SharedIndexInformer<ValidatingWebhookConfiguration> validating;

  public WebhookCaBundlePatcher(KubernetesClient client, IstiodNames names, Supplier<List<X509Certificate>> roots) {
    this.client = Objects.requireNonNull(client, "client");
    this.names = Objects.requireNonNull(names, "names");
    this.roots = Objects.requireNonNull(roots, "roots");
  }

  /** Starts the informers; patches follow their events. */
  public void start() {
    mutating = client.admissionRegistration().v1().mutatingWebhookConfigurations().withLabel(REV, names.revision())
        .inform(handler(Kind.MUTATING));
    validating = client.admissionRegistration().v1().validatingWebhookConfigurations()
        .withLabel(REV, names.revision()).inform(handler(Kind.VALIDATING));
    LOG.infof("webhook caBundle patcher watching configurations labelled %s=%s, entries calling %s/%s", REV,
        names.revision(), names.namespace(), names.service());
  }

  private enum Kind { MUTATING, VALIDATING }

  private <T> ResourceEventHandler<T> handler(Kind kind) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        schedule(kind, name(obj), 0);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        schedule(kind, name(newObj), 0);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        // rig deletes configurations; there is nothing to patch.
      }
    };
  }

  private static String name(Object o) {
    return ((io.fabric8.kubernetes.api.model.HasMetadata) o).getMetadata().getName();
  }

  @Override
  public void rootsChanged(List<X509Certificate> newRoots) {
    LOG.infof("trusted roots changed (%d roots): re-patching webhook caBundles", newRoots.size());
    patchAll();
  }

  /** Re-checks every watched configuration now. */
  public void patchAll() {
    if (mutating != null) {
      mutating.getStore().list().forEach(m -> schedule(Kind.MUTATING, m.getMetadata().getName(), 0));
    }
    if (validating != null) {
      validating.getStore().list().forEach(v -> schedule(Kind.VALIDATING, v.getMetadata().getName(), 0));
    }
  }

  private void schedule(Kind kind, String name, long delaySeconds) {
    try {
      worker.schedule(() -> {
        try {
          reconcile(kind, name, delaySeconds);
        } catch (RuntimeException e) {
          long next = Math.min(60, Math.max(1, delaySeconds * 2));
          LOG.warnf(e, "webhook=%s kind=%s caBundle check failed; retrying in %ds", name, kind, next);
          schedule(kind, name, next);
        }
      }, delaySeconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed
    }
  }

  /** The bundle rig's webhooks must carry: every trusted root, PEM, base64-encoded as the API requires. */
  String caBundle() {
    return Base64.getEncoder().encodeToString(Pem.encode(roots.get()).getBytes(StandardCharsets.US_ASCII));
  }

  private void reconcile(Kind kind, String name, long previousDelay) {
    List<CaBundleEntries.Entry> entries;
    String rev;
    if (kind == Kind.MUTATING) {
      MutatingWebhookConfiguration m = mutating.getStore().getByKey(name);
      if (m == null) {
        return;
      }
      rev = m.getMetadata().getLabels() == null ? null : m.getMetadata().getLabels().get(REV);
      entries = m.getWebhooks() == null ? List.of() : m.getWebhooks().stream()
          .map(w -> new CaBundleEntries.Entry(w.getName(), w.getClientConfig())).toList();
    } else {
      ValidatingWebhookConfiguration v = validating.getStore().getByKey(name);
      if (v == null) {
        return;
      }
      rev = v.getMetadata().getLabels() == null ? null : v.getMetadata().getLabels().get(REV);
      entries = v.getWebhooks() == null ? List.of() : v.getWebhooks().stream()
          .map(w -> new CaBundleEntries.Entry(w.getName(), w.getClientConfig())).toList();
    }
    // The informer's selector can lag a relabel; as istiod does, never patch another revision's webhook.
    if (!names.revision().equals(rev)) {
      return;
    }
    List<String> ops = CaBundleEntries.operations(entries, names.namespace(), names.service(), caBundle());
    if (ops.isEmpty()) {
      return;
    }
    String patch = "[" + String.join(",", ops) + "]";
    try {
      if (kind == Kind.MUTATING) {
        client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name)
            .patch(PatchContext.of(PatchType.JSON), patch);
      } else {
        client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name)
            .patch(PatchContext.of(PatchType.JSON), patch);
      }
      LOG.infof("webhook=%s kind=%s caBundle patched on entries %s (%d trusted roots)", name, kind,
          CaBundleEntries.calling(entries, names.namespace(), names.service()), roots.get().size());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return;
      }
      long next = Math.min(60, Math.max(1, previousDelay * 2));
      LOG.warnf("webhook=%s kind=%s caBundle patch failed (%s); retrying in %ds", name, kind,
          e.getStatus() == null ? e.getMessage() : e.getCode() + " " + e.getStatus().getMessage(), next);
      schedule(kind, name, next);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
    if (mutating != null) {
      mutating.stop();
    }
    if (validating != null) {
      validating.stop();
    }
  }
}

package dev.rigging.ca;

import dev.rigging.ca.CaException.Reason;
import dev.rigging.ca.keys.CaBundle;
import dev.rigging.ca.keys.CaStore;
import dev.rigging.ca.keys.PluggedCaDirectory;
import dev.rigging.ca.keys.RootRotator;
import dev.rigging.ca.keys.SigningMaterial;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * {@code KeyMaterial} decides what the CA signs with and keeps it current: a plugged CA from
 * {@code cacerts} takes precedence (re-read every reload interval; a broken edit is logged and the
 * last good CA kept), otherwise the self-signed root from the store, checked for rotation and for
 * other replicas' changes every root-check interval. Changes are reported to a callback with the
 * material before and after.
 */
final class KeyMaterial implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KeyMaterial.class);

  private final Optional<PluggedCaDirectory> plugged;
  private final RootRotator rotator;
  private final BiConsumer<SigningMaterial, SigningMaterial> onChange;
  private final ScheduledExecutorService background;
  private volatile SigningMaterial current;
  private volatile boolean usingPlugged;
  private CaBundle rejectedPlugged;

  KeyMaterial(CaConfig config, CaStore store, BiConsumer<SigningMaterial, SigningMaterial> onChange) throws CaException {
    this.plugged = config.pluggedCertsDir().map(PluggedCaDirectory::new);
    this.rotator = new RootRotator(store, config.rootKeyAlgorithm(), config.trustDomain(), config.rootValidity(),
        config.rootRotationThreshold());
    this.onChange = onChange;
    Instant now = Instant.now();
    try {
      Optional<CaBundle> pluggedBundle = plugged.isPresent() ? plugged.get().read() : Optional.empty();
      if (pluggedBundle.isPresent()) {
        // An operator's CA that does not validate stops the CA: falling back to a self-signed root
        // would silently change the mesh's trust.
        current = SigningMaterial.parse(pluggedBundle.get(), plugged.get().describe(), now);
        usingPlugged = true;
      } else {
        SigningMaterial loaded = rotator.loadOrCreate(now);
        current = rotator.check(loaded, now).orElse(loaded);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new CaException(Reason.CA_NOT_READY, "no usable CA: " + e.getMessage(), e);
    }
    background = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ca-key-material");
      t.setDaemon(true);
      return t;
    });
    if (plugged.isPresent()) {
      schedule(this::refreshPlugged, config.pluggedReloadInterval());
    }
    schedule(this::refreshRoot, config.rootCheckInterval());
  }

  SigningMaterial current() {
    return current;
  }

  /** Switches to the plugged CA when its files changed (or appeared) and validate. */
  synchronized void refreshPlugged() {
    if (plugged.isEmpty()) {
      return;
    }
    try {
      Optional<CaBundle> bundle = plugged.get().read();
      if (bundle.isEmpty()) {
        if (usingPlugged) {
          LOG.warnf("ca=%s plugged CA files are gone; still signing with the last one read", plugged.get().describe());
        }
        return;
      }
      if ((usingPlugged && bundle.get().equals(current.bundle())) || bundle.get().equals(rejectedPlugged)) {
        return;
      }
      SigningMaterial next;
      try {
        next = SigningMaterial.parse(bundle.get(), plugged.get().describe(), Instant.now());
      } catch (GeneralSecurityException e) {
        // Logged once per broken version of the files, not at every reload.
        rejectedPlugged = bundle.get();
        LOG.errorf("ca=%s plugged CA rejected, still signing with %s: %s", plugged.get().describe(), current.origin(),
            e.getMessage());
        return;
      }
      rejectedPlugged = null;
      usingPlugged = true;
      replace(next, "plugged CA (re)loaded");
    } catch (IOException e) {
      LOG.errorf("ca=%s plugged CA unreadable, still signing with %s: %s", plugged.get().describe(), current.origin(),
          e.getMessage());
    }
  }

  /** Adopts store changes, prunes expired roots and rotates when due (self-signed mode only). */
  synchronized void refreshRoot() {
    if (usingPlugged) {
      return;
    }
    try {
      rotator.check(current, Instant.now()).ifPresent(next -> replace(next, "self-signed CA updated"));
    } catch (IOException | GeneralSecurityException e) {
      LOG.errorf("ca=%s root check failed, still signing with the current root: %s", current.origin(), e.getMessage());
    }
  }

  private void replace(SigningMaterial next, String what) {
    SigningMaterial before = current;
    current = next;
    LOG.infof("ca=%s %s: signer=%s serial=%s root notAfter=%s trusted roots=%d", next.origin(), what,
        next.signingCertificate().getSubjectX500Principal(), next.signingCertificate().getSerialNumber().toString(16),
        next.activeRoot().getNotAfter().toInstant(), next.trustedRoots().size());
    onChange.accept(before, next);
  }

  private void schedule(Runnable task, Duration every) {
    background.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.errorf(e, "ca background check failed");
      }
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    background.shutdownNow();
  }
}

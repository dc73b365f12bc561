package dev.rigging.istiod.webhook;

import dev.rigging.ca.tls.ServerTlsContexts;
import dev.rigging.istiod.app.IstiodNames;
import dev.rigging.istiod.app.RiggingConfig;
import dev.rigging.istiod.ca.EmbeddedCa;
import dev.rigging.istiod.webhook.inject.InjectionSettingsSource;
import dev.rigging.istiod.webhook.inject.NativeSidecars;
import dev.rigging.istiod.webhook.inject.PodInjectionController;
import dev.rigging.istiod.webhook.inject.PodInjector;
import dev.rigging.istiod.webhook.validate.ConfigValidationController;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.ApplicationProtocolNames;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * {@code Webhooks} is istiod-lite's admission side, started once the CA serves: the HTTPS server
 * with {@code /inject} and {@code /validate}, the injection settings (and, in Kubernetes mode, the
 * ConfigMaps they follow), and the patcher that keeps the webhook configurations' {@code caBundle}
 * equal to the CA's roots.
 */
public final class Webhooks implements AutoCloseable {
  private final WebhookServer server;
  private final InjectionSettingsSource settings;
  private final WebhookCaBundlePatcher patcher;
  private final EmbeddedCa ca;

  private Webhooks(WebhookServer server, InjectionSettingsSource settings, WebhookCaBundlePatcher patcher, EmbeddedCa ca) {
    this.server = server;
    this.settings = settings;
    this.patcher = patcher;
    this.ca = ca;
  }

  public static Webhooks start(RiggingConfig config, boolean kubernetes, Supplier<KubernetesClient> client,
      EmbeddedCa ca, MeterRegistry registry) throws SSLException, InterruptedException {
    IstiodNames names = new IstiodNames(config.revision(), config.ca().namespace());
    RiggingConfig.Injection inj = config.injection();
    boolean nativeSidecars = NativeSidecars.decide(inj.nativeSidecars(), () -> kubernetes ? version(client) : null);
    InjectionSettingsSource.Base base = new InjectionSettingsSource.Base(names, inj.proxyImage(), inj.imagePullPolicy(),
        inj.caAddress(), config.ca().clusterId(), config.mesh().trustDomain(), config.mesh().domainSuffix(),
        nativeSidecars, inj.grpcAgentImage());
    InjectionSettingsSource settings = kubernetes ? InjectionSettingsSource.watching(client.get(), base)
        : InjectionSettingsSource.fixed(base);
    WebhookServer server = null;
    WebhookCaBundlePatcher patcher = null;
    try {
      server = WebhookServer.start(new InetSocketAddress("0.0.0.0", config.webhook().port()),
          ServerTlsContexts.forServer(ca.servingCertificate(), ApplicationProtocolNames.HTTP_1_1, null),
          Map.of("/inject", new PodInjectionController(new PodInjector(settings), registry),
              "/validate", new ConfigValidationController()),
          config.webhook().maxRequestBytes(), config.webhook().idleTimeout());
      if (kubernetes && config.webhook().patchCaBundle()) {
        patcher = new WebhookCaBundlePatcher(client.get(), names, ca.runtime().ca()::trustedRoots);
        ca.runtime().ca().addListener(patcher);
        patcher.start();
      }
      return new Webhooks(server, settings, patcher, ca);
    } catch (SSLException | InterruptedException | RuntimeException e) {
      if (server != null) {
        server.close();
      }
      settings.close();
      throw e;
    }
  }

  // The version decides a default only; an unreachable API server must not hold up startup.
  private static VersionInfo version(Supplier<KubernetesClient> client) {
    try {
      return CompletableFuture.supplyAsync(() -> client.get().getKubernetesVersion()).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e.toString(), e);
    }
  }

  /** The bound webhook port. */
  public int port() {
    return server.port();
  }

  /** The caBundle patcher, null outside Kubernetes mode or when disabled. */
  public WebhookCaBundlePatcher patcher() {
    return patcher;
  }

  /** The injection settings in force. */
  public InjectionSettingsSource settings() {
    return settings;
  }

  @Override
  public void close() {
    if (patcher != null) {
      ca.runtime().ca().removeListener(patcher);
      patcher.close();
    }
    server.close();
    settings.close();
  }
}

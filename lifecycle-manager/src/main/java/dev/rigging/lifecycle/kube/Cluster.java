package dev.rigging.lifecycle.kube;

import dev.rigging.lifecycle.catalog.KubernetesVersion;
import dev.rigging.lifecycle.errors.FailureException;
import dev.rigging.lifecycle.errors.InputException;
import dev.rigging.lifecycle.errors.UsageException;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code Cluster} is one connected Kubernetes API server: a Fabric8 client for a kubeconfig
 * context, with the context, server and user named for messages and the audit log. Calls made
 * through {@link #call} turn client errors into messages that say which cluster and what failed.
 */
public final class Cluster implements AutoCloseable {
  private final KubernetesClient client;
  private final String context;
  private final String server;
  private final String user;

  private Cluster(KubernetesClient client, String context, String server, String user) {
    this.client = client;
    this.context = context;
    this.server = server;
    this.user = user;
  }

  /** A client for {@code ref}; a usage error if the kubeconfig or context does not exist. */
  public static Cluster connect(ClusterRef ref) {
    Config config;
    String context = ref.context().orElse(null);
    if (ref.kubeconfig().isPresent()) {
      File file = ref.kubeconfig().get().toFile();
      if (!Files.isReadable(file.toPath())) {
        throw new InputException("kubeconfig " + file + " does not exist or is not readable");
      }
      List<String> contexts = contexts(file);
      if (context != null && !contexts.contains(context)) {
        throw new UsageException("context \"" + context + "\" is not in kubeconfig " + file + "; available: "
            + String.join(", ", contexts));
      }
      config = Config.fromKubeconfig(context, file);
    } else {
      config = Config.autoConfigure(context);
      if (context != null && (config.getCurrentContext() == null
          || !context.equals(config.getCurrentContext().getName()))) {
        throw new UsageException("context \"" + context + "\" is not in the default kubeconfig ("
            + String.join(", ", Config.getKubeconfigFilenames()) + ")");
      }
    }
    // Fail fast on an unreachable server instead of Fabric8's default of ten exponential retries.
    config.setRequestRetryBackoffLimit(1);
    config.setRequestRetryBackoffInterval(200);
    config.setConnectionTimeout(5_000);
    NamedContext current = config.getCurrentContext();
    String name = current != null ? current.getName() : "in-cluster";
    String user = current != null && current.getContext() != null ? current.getContext().getUser() : config.getUsername();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    return new Cluster(client, name, config.getMasterUrl(), user == null ? "" : user);
  }

  private static List<String> contexts(File file) {
    try {
      var parsed = KubeConfigUtils.parseConfig(file);
      return parsed.getContexts() == null ? List.of() : parsed.getContexts().stream().map(NamedContext::getName).toList();
    } catch (RuntimeException e) {
      throw new InputException("kubeconfig " + file + " cannot be parsed: " + e.getMessage(), e);
    }
  }

  public KubernetesClient client() {
    return client;
  }

  /** The kubeconfig context (or {@code in-cluster}). */
  public String context() {
    return context;
  }

  public String server() {
    return server;
  }

  /** The kubeconfig user of the context. */
  public String user() {
    return user;
  }

  /** The API server's Kubernetes version; the first call of most commands, so it reports an unreachable cluster. */
  public KubernetesVersion kubernetesVersion() {
    VersionInfo v = call("read the Kubernetes version", client::getKubernetesVersion);
    return KubernetesVersion.of(v.getMajor(), v.getMinor())
        .or(() -> KubernetesVersion.parse(v.getGitVersion()))
        .orElseThrow(() -> new FailureException("cluster " + context + " reports an unreadable Kubernetes version: "
            + v.getGitVersion()));
  }

  /** Runs {@code call}, turning client errors into a failure naming this cluster and {@code what}. */
  public <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw failure(what, e);
    }
  }

  /** {@link #call} for calls without a result. */
  public void run(String what, Runnable call) {
    call(what, () -> {
      call.run();
      return null;
    });
  }

  /** The failure to report when {@code what} failed with {@code e}. */
  public FailureException failure(String what, KubernetesClientException e) {
    if (unreachable(e)) {
      return new FailureException("cannot reach the Kubernetes API server " + server + " (context " + context
          + ") to " + what + ": " + rootMessage(e) + "; check --kubeconfig and --context", e);
    }
    if (e.getCode() == 403) {
      return new FailureException("cluster " + context + ": not allowed to " + what + " (" + e.getStatus().getMessage()
          + "); rig precheck lists the permissions rig needs", e);
    }
    String detail = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : rootMessage(e);
    return new FailureException("cluster " + context + ": cannot " + what + ": " + detail, e);
  }

  private static boolean unreachable(KubernetesClientException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException
          || t instanceof java.net.http.HttpConnectTimeoutException
          || String.valueOf(t.getMessage()).contains("Connection refused")) {
        return true;
      }
    }
    return e.getCode() == 0 && String.valueOf(rootMessage(e)).toLowerCase().contains("connect");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public void close() {
    client.close();
  }
}

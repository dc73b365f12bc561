package dev.rigging.ca.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code WorkloadAgentMain} runs the workload agent as a process beside a proxyless gRPC workload
 * (the workload points {@code GRPC_XDS_BOOTSTRAP} at the bootstrap file). Options:
 *
 * <pre>
 *   --token-file PATH        service-account token (default /var/run/secrets/tokens/istio-token)
 *   --ca-address HOST:PORT   CA (default istiod.istio-system.svc:15012)
 *   --ca-root-file PATH      roots verifying the CA (default /var/run/secrets/istio/root-cert.pem)
 *   --ca-authority NAME      host name in the CA's certificate (default istiod.istio-system.svc)
 *   --cluster-id ID          default Kubernetes
 *   --output-dir PATH        where cert-chain.pem, key.pem, root-cert.pem go (default ./etc/istio/proxy)
 *   --bootstrap-file PATH    gRPC xDS bootstrap (default OUTPUT_DIR/grpc-bootstrap.json)
 *   --xds-address HOST:PORT  default istiod.istio-system.svc:15010
 *   --pod NAME --namespace NS --ip IP   identity of the workload (node id)
 *   --label KEY=VALUE        workload label, repeatable
 *   --ttl DURATION           certificate lifetime to ask for, e.g. 24h (default: the CA's)
 * </pre>
 */
public final class WorkloadAgentMain {
  private WorkloadAgentMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length) {
        usage("unexpected argument " + a);
      }
      String value = args[++i];
      if (a.equals("--label")) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
          usage("--label needs KEY=VALUE, got " + value);
        }
        labels.put(value.substring(0, eq), value.substring(eq + 1));
      } else {
        opts.put(a.substring(2), value);
      }
    }
    String pod = required(opts, "pod");
    String namespace = required(opts, "namespace");
    String ip = opts.getOrDefault("ip", "127.0.0.1");
    Path out = Path.of(opts.getOrDefault("output-dir", "etc/istio/proxy"));
    AgentConfig config = new AgentConfig(
        Path.of(opts.getOrDefault("token-file", "/var/run/secrets/tokens/istio-token")),
        opts.getOrDefault("ca-address", "istiod.istio-system.svc:15012"),
        Optional.of(Path.of(opts.getOrDefault("ca-root-file", "/var/run/secrets/istio/root-cert.pem"))),
        opts.getOrDefault("ca-authority", "istiod.istio-system.svc"),
        opts.getOrDefault("cluster-id", "Kubernetes"),
        out,
        Optional.of(Path.of(opts.getOrDefault("bootstrap-file", out.resolve("grpc-bootstrap.json").toString()))),
        opts.getOrDefault("xds-address", "istiod.istio-system.svc:15010"),
        "sidecar~" + ip + "~" + pod + "." + namespace + "~" + namespace + ".svc.cluster.local",
        namespace, labels,
        opts.containsKey("ttl") ? parseDuration(opts.get("ttl")) : Duration.ZERO,
        Duration.ofSeconds(Long.parseLong(opts.getOrDefault("cert-refresh-seconds", "900"))));
    WorkloadAgent agent = WorkloadAgent.start(config, Duration.ofMinutes(2));
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      done.countDown();
    }));
    System.err.printf("agent: %s holds %s until %s; renewal at %s; bootstrap %s%n", config.nodeId(),
        agent.certificate().getSubjectAlternativeNames(), agent.certificate().getNotAfter().toInstant(),
        agent.nextRenewal(), config.bootstrapFile().orElseThrow());
    done.await();
  }

  static Duration parseDuration(String s) {
    String v = s.trim().toLowerCase(java.util.Locale.ROOT);
    if (v.endsWith("h")) {
      return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
    }
    if (v.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
    }
    if (v.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
    }
    throw new IllegalArgumentException("--ttl " + s + ": use a number followed by h, m or s, e.g. 24h");
  }

  private static String required(Map<String, String> opts, String name) {
    String v = opts.get(name);
    if (v == null) {
      usage("--" + name + " is required");
    }
    return v;
  }

  private static void usage(String problem) {
    System.err.println("workload agent: " + problem + " (see the class documentation for the options)");
    System.exit(64);
  }
}

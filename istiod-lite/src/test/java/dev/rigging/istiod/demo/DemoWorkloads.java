package dev.rigging.istiod.demo;

import dev.rigging.istiod.dataplane.Backend;
import dev.rigging.istiod.dataplane.XdsClient;
import io.grpc.StatusRuntimeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;

/**
 * {@code DemoWorkloads} runs the workloads of the embedded demo mesh ({@code examples/mesh}): three
 * versions of {@code reviews} as real gRPC servers on loopback, and a proxyless gRPC
 * {@code frontend} that calls {@code reviews} through istiod-lite's xDS and prints, every second,
 * how many calls each version served. Edit {@code examples/mesh/reviews-virtualservice.yaml} while
 * it runs and watch the split move.
 *
 * <p>Arguments: {@code [xdsAddress] [callsPerSecond]}, default {@code 127.0.0.1:15010 50}.
 */
public final class DemoWorkloads {
  private DemoWorkloads() {}

  public static void main(String[] args) throws InterruptedException {
    String xds = args.length > 0 ? args[0] : "127.0.0.1:15010";
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    List<Backend> backends = List.of(new Backend("v1", 19081), new Backend("v2", 19082), new Backend("v3", 19083));
    XdsClient frontend = new XdsClient(xds, "reviews.default.svc.cluster.local:9080", "frontend-1", "default",
        Map.of("app", "frontend", "version", "v1"));
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      done.countDown();
      frontend.close();
      backends.forEach(Backend::close);
    }));
    System.out.printf("demo: reviews v1/v2/v3 on 127.0.0.1:19081-19083, frontend calling "
        + "xds:///reviews.default.svc.cluster.local:9080 via %s at %d calls/s%n", xds, rate);
    System.out.println("demo: edit examples/mesh/reviews-virtualservice.yaml to shift traffic; Ctrl-C stops");
    // The first call waits for xDS: listener, routes, clusters and endpoints arrive in turn.
    try {
      System.out.println("demo: first call answered by " + frontend.call("hello", Map.of(), 30_000));
    } catch (StatusRuntimeException e) {
      System.out.println("demo: first call failed (" + e.getStatus() + "); is istiod-lite serving " + xds + "?");
    }
    Map<String, Integer> window = new TreeMap<>();
    ScheduledExecutorService caller = Executors.newSingleThreadScheduledExecutor();
    caller.scheduleAtFixedRate(() -> {
      String who;
      try {
        who = frontend.call("hello", Map.of(), 2_000);
      } catch (StatusRuntimeException e) {
        who = "error " + e.getStatus().getCode();
      }
      synchronized (window) {
        window.merge(who, 1, Integer::sum);
      }
    }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
    ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor();
    printer.scheduleAtFixedRate(() -> {
      Map<String, Integer> snapshot;
      synchronized (window) {
        snapshot = new LinkedHashMap<>(window);
        window.clear();
      }
      int total = snapshot.values().stream().mapToInt(Integer::intValue).sum();
      StringBuilder line = new StringBuilder("calls/s by version:");
      for (String v : List.of("v1", "v2", "v3")) {
        int n = snapshot.getOrDefault(v, 0);
        line.append(String.format("  %s %3d (%3.0f%%)", v, n, total == 0 ? 0.0 : 100.0 * n / total));
      }
      snapshot.forEach((k, n) -> {
        if (!List.of("v1", "v2", "v3").contains(k)) {
          line.append("  ").append(k).append(' ').append(n);
        }
      });
      System.out.println(line);
    }, 1, 1, TimeUnit.SECONDS);
    done.await();
  }
}

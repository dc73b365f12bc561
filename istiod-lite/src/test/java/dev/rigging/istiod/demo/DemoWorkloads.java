package dev.rigging.istiod.demo;

import dev.rigging.istiod.dataplane.MeshIdentities;
import dev.rigging.istiod.dataplane.Pki;
import dev.rigging.istiod.dataplane.XdsBackend;
import dev.rigging.istiod.dataplane.XdsClient;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code DemoWorkloads} runs the workloads of the embedded demo mesh ({@code examples/mesh}), the
 * way a proxyless gRPC mesh runs them: each workload has a service-account token, its agent gets a
 * certificate from istiod-lite's CA over TLS (15012) and keeps it renewed, and its gRPC library
 * takes listeners, routes, clusters, endpoints and mutual TLS from istiod-lite's xDS (15010).
 * Three versions of {@code reviews} serve on loopback; a {@code frontend} calls {@code reviews} and
 * every second prints how many calls each version served and which identity the servers saw
 * calling. Edit {@code examples/mesh/reviews-virtualservice.yaml} while it runs to move traffic.
 *
 * <p>Arguments: {@code DIR XDS_ADDRESS CA_ADDRESS MONITORING_URL CALLS_PER_SECOND}. DIR receives
 * {@code jwks.json} (the demo's token issuer, which istiod-lite's CA must be told to trust) before
 * anything else; istiod-lite's CA root is read from {@code DIR/ca/root-cert.pem}.
 */
public final class DemoWorkloads {
  private static final List<String> VERSIONS = List.of("v1", "v2", "v3");

  private DemoWorkloads() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "istiod-lite/target/demo");
    String xds = args.length > 1 ? args[1] : "127.0.0.1:15010";
    String ca = args.length > 2 ? args[2] : "127.0.0.1:15012";
    String monitoring = args.length > 3 ? args[3] : "http://127.0.0.1:15014";
    int rate = args.length > 4 ? Integer.parseInt(args[4]) : 50;

    MeshIdentities identities = new MeshIdentities(dir.resolve("identities"));
    Path jwks = identities.writeJwks();
    Files.move(jwks, dir.resolve("jwks.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.out.println("demo: token issuer ready (" + dir.resolve("jwks.json") + "); waiting for istiod-lite");
    awaitReady(monitoring);
    Path caRoot = dir.resolve("ca/root-cert.pem");

    List<XdsBackend> backends = new ArrayList<>();
    List<CompletableFuture<Void>> starting = new ArrayList<>();
    for (int i = 0; i < VERSIONS.size(); i++) {
      String v = VERSIONS.get(i);
      Map<String, String> labels = Map.of("app", "reviews", "version", v);
      Pki pki = identities.start(ca, caRoot, xds, "default", "reviews", "reviews-" + v, labels, Duration.ofHours(1));
      XdsBackend b = new XdsBackend(v, 19081 + i, xds, "reviews-" + v, "default", labels, pki);
      backends.add(b);
      // grpc's xDS server start() returns once its listener (with its mTLS settings) has arrived.
      starting.add(CompletableFuture.runAsync(b::start));
    }
    CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    Pki frontendPki = identities.start(ca, caRoot, xds, "default", "frontend", "frontend-1",
        Map.of("app", "frontend"), Duration.ofHours(1));
    XdsClient frontend = new XdsClient(xds, "reviews.default.svc.cluster.local:9080", "frontend-1", "default",
        Map.of("app", "frontend", "version", "v1"), frontendPki, true);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      frontend.close();
      backends.forEach(XdsBackend::close);
      identities.close();
      done.countDown();
    }));
    System.out.printf("demo: reviews v1/v2/v3 on 127.0.0.1:19081-19083 and frontend, each with a certificate "
        + "from istiod-lite's CA; frontend calls xds:///reviews.default.svc.cluster.local:9080 at %d calls/s%n", rate);
    System.out.println("demo: edit examples/mesh/reviews-virtualservice.yaml to shift traffic; Ctrl-C stops");
    try {
      System.out.println("demo: first call answered by " + frontend.call("hello", Map.of(), 30_000));
    } catch (StatusRuntimeException e) {
      System.out.println("demo: first call failed (" + e.getStatus() + ")");
    }

    Map<String, Integer> window = new TreeMap<>();
    TreeSet<String> peers = new TreeSet<>();
    ScheduledExecutorService caller = Executors.newSingleThreadScheduledExecutor();
    caller.scheduleAtFixedRate(() -> {
      String who;
      try {
        String answer = frontend.call("hello", Map.of(), 2_000);
        int space = answer.indexOf(' ');
        who = space < 0 ? answer : answer.substring(0, space);
        synchronized (window) {
          peers.add(space < 0 ? "?" : answer.substring(space + 1));
        }
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
      List<String> seen;
      synchronized (window) {
        snapshot = new LinkedHashMap<>(window);
        seen = new ArrayList<>(peers);
        window.clear();
        peers.clear();
      }
      int total = snapshot.values().stream().mapToInt(Integer::intValue).sum();
      StringBuilder line = new StringBuilder("calls/s by version:");
      for (String v : VERSIONS) {
        int n = snapshot.getOrDefault(v, 0);
        line.append(String.format("  %s %3d (%3.0f%%)", v, n, total == 0 ? 0.0 : 100.0 * n / total));
      }
      snapshot.forEach((k, n) -> {
        if (!VERSIONS.contains(k)) {
          line.append("  ").append(k).append(' ').append(n);
        }
      });
      line.append("  | servers saw: ").append(seen.isEmpty() ? "-" : String.join(", ", seen));
      System.out.println(line);
    }, 1, 1, TimeUnit.SECONDS);
    done.await();
  }

  private static void awaitReady(String monitoring) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create(monitoring + "/ready")).timeout(Duration.ofSeconds(2)).build();
    for (int i = 0; i < 240; i++) {
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new IllegalStateException("istiod-lite not ready at " + monitoring + " after 60 s");
  }
}

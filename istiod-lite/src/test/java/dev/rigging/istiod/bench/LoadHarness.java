package dev.rigging.istiod.bench;

import dev.rigging.ca.testing.BenchLogging;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code LoadHarness} connects 2,000 lightweight ADS clients (half Envoy-style sidecars, half
 * proxyless gRPC; client {@code i} in namespace {@code i % 50}) to one control plane over 20
 * channels and measures convergence:
 *
 * <ul>
 *   <li>connect → every client fully configured;
 *   <li>{@code --changes N} (istiod-lite in file mode only): N times, one namespace's VirtualService
 *       file is rewritten with one service's weights changed, and the time from the rename to each
 *       proxy of that namespace ACKing the new RDS version is recorded (after warm-up changes);
 *   <li>steady-state memory of the server: RSS, then a full GC ({@code jcmd}) and heap used;
 *   <li>{@code --pushes N}: a full push to everyone (istiod-lite {@code /debug/adsz?push=true}, the
 *       bare server's {@code /push}) until the last client ACKed new versions of all four types,
 *       after {@code --warmup-pushes} (3) unmeasured ones; server and harness CPU and the server's
 *       peak RSS during the measured pushes.
 * </ul>
 *
 * Results go to a properties file ({@code --out}) that {@link BenchReport} turns into Markdown.
 *
 * <p>Usage: {@code LoadHarness --target istiod|bare --xds HOST:PORT --trigger URL --pid PID
 * --out FILE [--mesh DIR --metrics URL] [--clients 2000 --channels 20 --changes 30 --pushes 5 --warmup-pushes 3]}.
 */
public final class LoadHarness {
  private final Map<String, String> args;
  private final Map<String, String> results = new LinkedHashMap<>();
  private final List<LightAdsClient> clients = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final ProcessProbe server;

  private LoadHarness(Map<String, String> args) {
    this.args = args;
    this.server = new ProcessProbe(Long.parseLong(required("pid")));
  }

  public static void main(String[] argv) throws Exception {
    if (!BenchLogging.configure()) {
      throw new IllegalStateException("DEBUG logging is still on; measurements would include it");
    }
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    int code = new LoadHarness(args).run();
    System.exit(code);
  }

  private String required(String name) {
    String v = args.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return v;
  }

  private int intArg(String name, int dflt) {
    return Integer.parseInt(args.getOrDefault(name, Integer.toString(dflt)));
  }

  private int run() throws Exception {
    String target = required("target");
    results.put("target", target);
    try {
      connect(intArg("clients", 2000), intArg("channels", 20));
      if (intArg("changes", 0) > 0) {
        virtualServiceChanges(intArg("changes", 0), intArg("warmup-changes", 5));
      }
      steadyState(target);
      fullPushes(intArg("pushes", 5), intArg("warmup-pushes", 3));
      // --hold N keeps the clients connected N seconds more (for looking at the server by hand).
      Thread.sleep(intArg("hold", 0) * 1000L);
      return 0;
    } catch (RuntimeException | InterruptedException e) {
      results.put("error", String.valueOf(e));
      e.printStackTrace();
      return 1;
    } finally {
      write();
      clients.forEach(LightAdsClient::close);
      channels.forEach(ManagedChannel::shutdownNow);
    }
  }

  private void connect(int n, int channelCount) throws InterruptedException {
    String[] hostPort = required("xds").split(":");
    for (int c = 0; c < channelCount; c++) {
      channels.add(NettyChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1])).usePlaintext()
          .directExecutor().maxInboundMessageSize(64 << 20).build());
    }
    long start = System.nanoTime();
    double cpu0 = server.cpuSeconds();
    for (int i = 0; i < n; i++) {
      LightAdsClient c = new LightAdsClient(channels.get(i % channelCount), i, BenchMesh.namespaceOf(i),
          BenchMesh.isProxyless(i), BenchMesh.ipOf(i), "app-" + (i % 200));
      clients.add(c);
      c.start();
    }
    await("every client configured", 180, clients, c -> c.configuredNanos() != 0);
    long last = clients.stream().mapToLong(LightAdsClient::configuredNanos).max().orElseThrow();
    Samples each = new Samples();
    clients.forEach(c -> each.add((c.configuredNanos() - start) / 1e6));
    results.put("clients", Integer.toString(n));
    results.put("channels", Integer.toString(channelCount));
    results.put("connect.last.ms", fmt((last - start) / 1e6));
    results.put("connect.p50.ms", fmt(each.median()));
    results.put("connect.server.cpu.s", fmt(server.cpuSeconds() - cpu0));
    LightAdsClient sidecar = clients.stream().filter(c -> !c.proxyless).findFirst().orElseThrow();
    LightAdsClient proxyless = clients.stream().filter(c -> c.proxyless).findFirst().orElseThrow();
    results.put("resources.sidecar", counts(sidecar.lastCounts()));
    results.put("resources.proxyless", counts(proxyless.lastCounts()));
    log("connected %d clients: last configured after %s ms (p50 %s ms); sidecar %s; proxyless %s", n,
        results.get("connect.last.ms"), results.get("connect.p50.ms"), results.get("resources.sidecar"),
        results.get("resources.proxyless"));
    Thread.sleep(2000);
  }

  private static String counts(int[] c) {
    return String.format(Locale.ROOT, "CDS %d, EDS %d, LDS %d, RDS %d", c[0], c[1], c[2], c[3]);
  }

  /** (a): one VirtualService's weights changed in one namespace's file → that namespace's proxies ACK RDS. */
  private void virtualServiceChanges(int measured, int warmup) throws InterruptedException {
    MeshGenerator mesh = new MeshGenerator(Path.of(required("mesh")));
    int[][] weights = new int[MeshGenerator.NAMESPACES][MeshGenerator.SERVICES_PER_NAMESPACE];
    for (int ns = 0; ns < MeshGenerator.NAMESPACES; ns++) {
      for (int svc = 0; svc < MeshGenerator.SERVICES_PER_NAMESPACE; svc++) {
        weights[ns][svc] = mesh.currentV1Weight(ns, svc);
      }
    }
    Samples latencies = new Samples();
    Samples lastPerChange = new Samples();
    int missing = 0;
    long outside = 0;
    double machine0 = ProcessProbe.machineBusySeconds();
    double server0 = server.cpuSeconds();
    double own0 = ProcessProbe.ownCpuSeconds();
    long phase0 = System.nanoTime();
    for (int k = 0; k < warmup + measured; k++) {
      int ns = (k * 7) % MeshGenerator.NAMESPACES;
      int svc = k % MeshGenerator.SERVICES_PER_NAMESPACE;
      // Always a real change: the new weight differs from the one in the file.
      weights[ns][svc] = weights[ns][svc] == 80 ? 70 - (k % 5) * 10 : 80;
      clients.forEach(LightAdsClient::mark);
      List<LightAdsClient> affected = clients.stream().filter(c -> c.namespace == ns).toList();
      long t0 = System.nanoTime();
      mesh.rewriteVirtualServices(ns, weights[ns]);
      boolean all = awaitQuietly(15, affected, c -> c.firstNewNanos(3) != 0);
      Thread.sleep(300);
      if (k < warmup) {
        continue;
      }
      long last = 0;
      for (LightAdsClient c : affected) {
        long t = c.firstNewNanos(3);
        if (t == 0) {
          missing++;
        } else {
          latencies.add((t - t0) / 1e6);
          last = Math.max(last, t);
        }
      }
      outside += clients.stream().filter(c -> c.namespace != ns).mapToLong(c -> c.responsesSinceMark(3)).sum();
      lastPerChange.add(last == 0 ? Double.NaN : (last - t0) / 1e6);
      log("change %d: ns-%d svc-%d → last ACK of %d proxies after %.1f ms%s", k - warmup + 1, ns, svc,
          affected.size(), (last - t0) / 1e6, all ? "" : " (TIMEOUT)");
    }
    double phaseSeconds = (System.nanoTime() - phase0) / 1e9;
    double serverCpu = server.cpuSeconds() - server0;
    double ownCpu = ProcessProbe.ownCpuSeconds() - own0;
    results.put("vs.phase.s", fmt(phaseSeconds));
    results.put("vs.server.cpu.s", fmt(serverCpu));
    results.put("vs.other.cpu.s", fmt(Math.max(0, ProcessProbe.machineBusySeconds() - machine0 - serverCpu - ownCpu)));
    results.put("vs.changes", Integer.toString(measured));
    results.put("vs.samples", Integer.toString(latencies.size()));
    results.put("vs.missing", Integer.toString(missing));
    results.put("vs.rds.outside.namespace", Long.toString(outside));
    results.put("vs.p50.ms", fmt(latencies.median()));
    results.put("vs.p99.ms", fmt(latencies.percentile(99)));
    results.put("vs.max.ms", fmt(latencies.max()));
    results.put("vs.min.ms", fmt(latencies.min()));
    results.put("vs.last.per.change.ms", lastPerChange.list());
    log("VirtualService change → affected proxies ACKed: p50 %s ms, p99 %s ms, max %s ms (%d samples, %d missing)",
        results.get("vs.p50.ms"), results.get("vs.p99.ms"), results.get("vs.max.ms"), latencies.size(), missing);
  }

  /** (d): memory with every client connected and idle. */
  private void steadyState(String target) throws InterruptedException {
    Thread.sleep(2000);
    results.put("steady.rss.mb", fmt(server.statusMiB("VmRSS")));
    server.fullGc();
    Thread.sleep(1000);
    results.put("steady.rss.after.gc.mb", fmt(server.statusMiB("VmRSS")));
    results.put("steady.rss.anon.mb", fmt(server.statusMiB("RssAnon")));
    results.put("steady.rss.file.mb", fmt(server.statusMiB("RssFile")));
    if (args.containsKey("metrics")) {
      String metrics = ProcessProbe.get(args.get("metrics"));
      results.put("steady.heap.used.mb",
          fmt(ProcessProbe.sumMetric(metrics, "jvm_memory_used_bytes", "area=\"heap\"") / (1 << 20)));
      results.put("steady.heap.committed.mb",
          fmt(ProcessProbe.sumMetric(metrics, "jvm_memory_committed_bytes", "area=\"heap\"") / (1 << 20)));
      results.put("steady.nonheap.used.mb",
          fmt(ProcessProbe.sumMetric(metrics, "jvm_memory_used_bytes", "area=\"nonheap\"") / (1 << 20)));
    } else if (args.containsKey("memory")) {
      String[] m = ProcessProbe.get(args.get("memory")).trim().split("\\s+");
      results.put("steady.heap.used.mb", fmt(Long.parseLong(m[0]) / 1048576.0));
      results.put("steady.heap.committed.mb", fmt(Long.parseLong(m[1]) / 1048576.0));
    }
    log("%s steady state: RSS %s MiB (%s MiB after GC), heap used after GC %s MiB, committed %s MiB", target,
        results.get("steady.rss.mb"), results.get("steady.rss.after.gc.mb"), results.get("steady.heap.used.mb"),
        results.get("steady.heap.committed.mb"));
  }

  /**
   * (b)/(c): full pushes to every client, after {@code warmup} unmeasured ones. One warm-up push was
   * not enough: the servers' push times and CPU kept falling over the next pushes (the bare
   * server's from 2.3 to 1.5 s).
   */
  private void fullPushes(int measured, int warmup) throws InterruptedException {
    String trigger = required("trigger");
    Samples last = new Samples();
    Samples p50 = new Samples();
    Samples serverCpu = new Samples();
    Samples clientCpu = new Samples();
    Samples megabytes = new Samples();
    Samples otherCpu = new Samples();
    boolean hwmReset = false;
    for (int k = 0; k < warmup + measured; k++) {
      if (k == warmup) {
        hwmReset = server.resetPeakRss();
      }
      clients.forEach(LightAdsClient::mark);
      double cpu0 = server.cpuSeconds();
      double own0 = ProcessProbe.ownCpuSeconds();
      double machine0 = ProcessProbe.machineBusySeconds();
      long t0 = System.nanoTime();
      CompletableFuture<String> response = ProcessProbe.getAsync(trigger);
      await("full push " + k, 120, clients, c -> c.firstNewNanos(0) != 0 && c.firstNewNanos(1) != 0
          && c.firstNewNanos(2) != 0 && c.firstNewNanos(3) != 0);
      Samples perClient = new Samples();
      long end = 0;
      long bytes = 0;
      for (LightAdsClient c : clients) {
        long done = Math.max(Math.max(c.firstNewNanos(0), c.firstNewNanos(1)),
            Math.max(c.firstNewNanos(2), c.firstNewNanos(3)));
        perClient.add((done - t0) / 1e6);
        end = Math.max(end, done);
      }
      response.join();
      Thread.sleep(1500);
      for (LightAdsClient c : clients) {
        bytes += c.bytesSinceMark();
      }
      double sCpu = server.cpuSeconds() - cpu0;
      double cCpu = ProcessProbe.ownCpuSeconds() - own0;
      double others = ProcessProbe.machineBusySeconds() - machine0 - sCpu - cCpu;
      log("full push %s: last client ACKed all types after %.1f ms (p50 client %.1f ms), server CPU %.2f s, "
          + "harness CPU %.2f s, other processes %.2f s, %.1f MB of resources",
          k < warmup ? "warm-up " + (k + 1) : Integer.toString(k - warmup + 1),
          (end - t0) / 1e6, perClient.median(), sCpu, cCpu, others, bytes / 1e6);
      if (k < warmup) {
        continue;
      }
      last.add((end - t0) / 1e6);
      p50.add(perClient.median());
      serverCpu.add(sCpu);
      clientCpu.add(cCpu);
      megabytes.add(bytes / 1e6);
      otherCpu.add(Math.max(0, others));
    }
    results.put("push.n", Integer.toString(measured));
    results.put("push.last.ms", last.list());
    results.put("push.p50client.ms", p50.list());
    results.put("push.server.cpu.s", serverCpu.list());
    results.put("push.harness.cpu.s", clientCpu.list());
    results.put("push.mb", megabytes.list());
    results.put("push.other.cpu.s", otherCpu.list());
    results.put("push.peak.rss.mb", hwmReset ? fmt(server.statusMiB("VmHWM")) : "n/a");
    results.put("push.rss.after.mb", fmt(server.statusMiB("VmRSS")));
  }

  private void await(String what, int seconds, List<LightAdsClient> of, Predicate<LightAdsClient> done)
      throws InterruptedException {
    if (!awaitQuietly(seconds, of, done)) {
      long pending = of.stream().filter(done.negate()).count();
      long errors = clients.stream().filter(c -> c.error() != null).count();
      String example = clients.stream().filter(c -> c.error() != null).findFirst().map(c -> " e.g. " + c.error())
          .orElse("");
      throw new IllegalStateException("timed out after " + seconds + " s waiting for: " + what + " (" + pending
          + " clients not there, " + errors + " streams failed" + example + ")");
    }
  }

  /**
   * Waits until {@code done} holds for every client of {@code of}. Times are taken by the clients
   * themselves; this only decides when to stop waiting, so it polls gently (the harness shares
   * the cores with the server).
   */
  private static boolean awaitQuietly(int seconds, List<LightAdsClient> of, Predicate<LightAdsClient> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<LightAdsClient> pending = new ArrayList<>(of);
    while (true) {
      pending.removeIf(done);
      if (pending.isEmpty()) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
  }

  private void write() throws IOException {
    StringBuilder b = new StringBuilder();
    results.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    Files.writeString(Path.of(required("out")), b.toString());
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static void log(String format, Object... args) {
    System.out.printf("[harness] " + format + "%n", args);
  }
}

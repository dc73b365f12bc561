package dev.rigging.ca.bench;

import dev.rigging.ca.testing.BenchLogging;
import dev.rigging.ca.CaConfig;
import dev.rigging.ca.CertificateAuthority;
import dev.rigging.ca.Identity;
import dev.rigging.ca.api.IstioCertificateRequest;
import dev.rigging.ca.api.IstioCertificateServiceGrpc;
import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.KeyAlgorithm;
import dev.rigging.ca.testing.CaFixture;
import dev.rigging.ca.testing.GrpcClients;
import dev.rigging.ca.testing.TestPki;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code CaLoadHarness} measures CreateCertificate throughput and latency over gRPC (TLS through
 * BCJSSE, as workloads call it, with JWT authentication) for P-256 and RSA-2048 CSRs, and in the
 * same run the raw rate of {@link CertificateAuthority#sign} on the same CSRs (no gRPC, no
 * authentication): the limit the service can approach. CSRs are made before measuring (key
 * generation is the client's cost, not the CA's). Client and CA share the machine's cores.
 *
 * <p>Arguments: {@code [seconds per measurement] [client threads] [output file] [cases]}; cases is a
 * comma-separated list of {@code CAKEY/CSRKEY} (e.g. {@code P-256/P-256}), all four by default.
 */
public final class CaLoadHarness {
  /**
   * Untimed calls before each measurement, in rounds of this many seconds, until a round in which
   * the JIT compiled for less than {@link #SETTLED_JIT_MS} (or {@link #MAX_WARM_UP_ROUNDS} rounds).
   * A fixed few seconds is not enough over gRPC: with every core busy, the compiler threads get a
   * small share, and after 8 s they were still compiling Netty's and BCJSSE's paths, a fifth of the
   * process's CPU during the measurement.
   */
  static final int WARM_UP_ROUND_SECONDS = 5;
  static final int MIN_WARM_UP_ROUNDS = 2;
  static final int MAX_WARM_UP_ROUNDS = 24;
  static final long SETTLED_JIT_MS = 100;

  private CaLoadHarness() {}

  /**
   * CPU per certificate, in ms: {@code cpuMsPerCert} of the whole process; {@code caMsPerCert} of the
   * CA's threads (gRPC server event loops and call executors, or the signing threads of the raw
   * path); {@code clientMsPerCert} of the clients' threads and event loops. The rest is the JVM's own
   * (JIT compilers, garbage collector). {@code warmUpSeconds}: the untimed calls before; {@code
   * jitMs}: the JIT's compilation time during the measurement.
   */
  record Result(String what, double perSecond, double p50Ms, double p99Ms, long count, double cpuMsPerCert,
      double caMsPerCert, double clientMsPerCert, int warmUpSeconds, long jitMs) {}

  public static void main(String[] args) throws Exception {
    if (!BenchLogging.configure()) {
      throw new IllegalStateException("DEBUG logging is still on; measurements would include it");
    }
    Fips.install();
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Path out = args.length > 2 && !args[2].isEmpty() ? Path.of(args[2]) : null;
    List<String> cases = args.length > 3 && !args[3].isBlank() ? List.of(args[3].split(",")) : List.of();
    Path dir = Files.createTempDirectory("ca-bench");
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "CA throughput: %d s per measurement, %d client threads, %d cores, %s",
        seconds, threads, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
    lines.add("");
    lines.add("| CA key | CSR key | path | certificates/s | p50 ms | p99 ms | n | CPU ms/cert: process | CA threads | client threads | share of raw | warm-up s | JIT ms while measuring |");
    lines.add("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (KeyAlgorithm caKey : List.of(KeyAlgorithm.EC_P256, KeyAlgorithm.RSA_2048)) {
      Path caDir = dir.resolve(caKey.name());
      try (CaFixture ca = new CaFixture(caDir, b -> b.rootKeyAlgorithm(caKey))) {
        for (KeyAlgorithm csrKey : List.of(KeyAlgorithm.EC_P256, KeyAlgorithm.RSA_2048)) {
          if (!cases.isEmpty() && !cases.contains(label(caKey) + "/" + label(csrKey))) {
            continue;
          }
          List<String> csrs = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            csrs.add(TestPki.csr(TestPki.generate(csrKey)));
          }
          Identity caller = new Identity("cluster.local", "bench", "workload");
          Result raw = raw(ca.ca, csrs, caller, seconds);
          Result grpc = grpc(ca, csrs, threads, seconds);
          for (Result r : List.of(raw, grpc)) {
            lines.add(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %.2f | %.2f | %d | %.2f | %.2f | %.2f | %s | %d | %d |",
                label(caKey), label(csrKey), r.what(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.count(), r.cpuMsPerCert(),
                r.caMsPerCert(), r.clientMsPerCert(),
                r == raw ? "1.00" : String.format(Locale.ROOT, "%.2f", r.perSecond() / raw.perSecond()),
                r.warmUpSeconds(), r.jitMs()));
          }
          System.err.println(lines.get(lines.size() - 2));
          System.err.println(lines.get(lines.size() - 1));
        }
      }
    }
    String table = String.join("\n", lines) + "\n";
    System.out.print(table);
    if (out != null) {
      Files.writeString(out, table);
    }
  }

  private static String label(KeyAlgorithm k) {
    return k == KeyAlgorithm.EC_P256 ? "P-256" : "RSA-2048";
  }

  /** {@code CertificateAuthority.sign} on two threads (the machine's cores), no gRPC, no authentication. */
  static Result raw(CertificateAuthority ca, List<String> csrs, Identity caller, int seconds) throws Exception {
    int threads = Runtime.getRuntime().availableProcessors();
    return measure("raw sign", threads, seconds, "bench-", "", i -> ca.sign(csrs.get(i % csrs.size()), caller, Duration.ofHours(24)));
  }

  /**
   * CreateCertificate over TLS with a bearer token, {@code threads} concurrent callers on separate
   * channels, each with the token of its own service account.
   */
  static Result grpc(CaFixture ca, List<String> csrs, int threads, int seconds) throws Exception {
    List<ManagedChannel> channels = new ArrayList<>();
    List<IstioCertificateServiceGrpc.IstioCertificateServiceBlockingStub> stubs = new ArrayList<>();
    // The clients get their own event loops, so that their CPU is told apart from the CA's.
    NioEventLoopGroup clientLoops = new NioEventLoopGroup(Runtime.getRuntime().availableProcessors(),
        new DefaultThreadFactory(CLIENT_LOOP_PREFIX, true));
    for (int t = 0; t < threads; t++) {
      ManagedChannel ch = GrpcClients.tlsBuilder(ca.tls.port(), ca.ca.trustedRoots(), null, null)
          .eventLoopGroup(clientLoops).channelType(NioSocketChannel.class).build();
      channels.add(ch);
      // Each caller is its own workload with its own service-account token, as in a real mesh.
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
          "Bearer " + ca.tokens.serviceAccount("bench", "workload-" + t));
      stubs.add(IstioCertificateServiceGrpc.newBlockingStub(ch)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
    }
    try {
      AtomicLong next = new AtomicLong();
      ThreadLocal<Integer> slot = ThreadLocal.withInitial(() -> (int) (next.getAndIncrement() % threads));
      return measure("gRPC TLS + JWT", threads, seconds, "grpc-", "bench-", i -> stubs.get(slot.get()).createCertificate(
          IstioCertificateRequest.newBuilder().setCsr(csrs.get(i % csrs.size())).setValidityDuration(86_400).build()));
    } finally {
      channels.forEach(ManagedChannel::shutdownNow);
      clientLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }
  }

  private static final String CLIENT_LOOP_PREFIX = "bench-client-loop";

  /** Warms {@code call} up until the JIT has settled (see {@link #WARM_UP_ROUND_SECONDS}), then measures it. */
  private static Result measure(String what, int threads, int seconds, String caThreads, String clientThreads, Call call)
      throws Exception {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    int rounds = 0;
    long compiled;
    do {
      long before = jit.getTotalCompilationTime();
      run(what + " (warm-up)", threads, WARM_UP_ROUND_SECONDS, caThreads, clientThreads, call, 0);
      compiled = jit.getTotalCompilationTime() - before;
      rounds++;
    } while (rounds < MAX_WARM_UP_ROUNDS && (rounds < MIN_WARM_UP_ROUNDS || compiled >= SETTLED_JIT_MS));
    System.err.printf(Locale.ROOT, "%s: warmed up for %d s; the JIT compiled for %d ms in the last %d s%n", what,
        rounds * WARM_UP_ROUND_SECONDS, compiled, WARM_UP_ROUND_SECONDS);
    return run(what, threads, seconds, caThreads, clientThreads, call, rounds * WARM_UP_ROUND_SECONDS);
  }

  private static Map<Long, Long> threadCpu() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      long t = mx.getThreadCpuTime(id);
      if (t >= 0) {
        cpu.put(id, t);
      }
    }
    return cpu;
  }

  interface Call {
    void run(int i) throws Exception;
  }

  /**
   * Runs {@code call} on {@code threads} threads named {@code bench-N} for {@code seconds}. Threads
   * whose names start with {@code caThreads} count as the CA's, those starting with {@code
   * clientThreads} (when not empty) as the clients'.
   */
  private static Result run(String what, int threads, int seconds, String caThreads, String clientThreads, Call call,
      int warmedUpSeconds) throws Exception {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long jitStart = jit.getTotalCompilationTime();
    AtomicBoolean stop = new AtomicBoolean();
    List<long[]> latencies = new ArrayList<>();
    long[] counts = new long[threads];
    CountDownLatch done = new CountDownLatch(threads);
    AtomicLong failures = new AtomicLong();
    AtomicLong workerCpuNanos = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long[] lat = new long[seconds * 50_000];
      latencies.add(lat);
      int id = t;
      Thread w = new Thread(() -> {
        int i = id;
        try {
          while (!stop.get()) {
            long start = System.nanoTime();
            try {
              call.run(i);
            } catch (Exception e) {
              failures.incrementAndGet();
            }
            if (counts[id] < lat.length) {
              lat[(int) counts[id]] = System.nanoTime() - start;
            }
            counts[id]++;
            i += threads;
          }
        } finally {
          // A finished thread's CPU time can no longer be read from outside.
          workerCpuNanos.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
          done.countDown();
        }
      }, "bench-" + t);
      workers.add(w);
    }
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    Map<Long, Long> threadCpuStart = threadCpu();
    long start = System.nanoTime();
    workers.forEach(Thread::start);
    TimeUnit.SECONDS.sleep(seconds);
    stop.set(true);
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    long jitMs = jit.getTotalCompilationTime() - jitStart;
    double cpuMs = (os.getProcessCpuTime() - cpuStart) / 1e6;
    // The workers are "bench-N": the CA's threads on the raw path, the clients' over gRPC.
    double caMs = caThreads.equals("bench-") ? workerCpuNanos.get() / 1e6 : 0;
    double clientMs = caThreads.equals("bench-") ? 0 : workerCpuNanos.get() / 1e6;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Double> byGroup = new java.util.TreeMap<>();
    for (Map.Entry<Long, Long> e : threadCpu().entrySet()) {
      ThreadInfo info = mx.getThreadInfo(e.getKey());
      if (info == null) {
        continue;
      }
      double ms = (e.getValue() - threadCpuStart.getOrDefault(e.getKey(), 0L)) / 1e6;
      String name = info.getThreadName();
      byGroup.merge(name.replaceAll("[0-9]+", "N"), ms, Double::sum);
      if (name.startsWith("bench-") && !name.startsWith(CLIENT_LOOP_PREFIX)) {
        continue;
      }
      if (!clientThreads.isEmpty() && (name.startsWith(clientThreads) || name.startsWith(CLIENT_LOOP_PREFIX))) {
        clientMs += ms;
      } else if (name.startsWith(caThreads)) {
        caMs += ms;
      }
    }
    long total = Arrays.stream(counts).sum();
    StringBuilder groups = new StringBuilder(what + ": CPU ms per certificate by thread group:");
    byGroup.forEach((group, ms) -> {
      if (ms / total >= 0.005) {
        groups.append(String.format(Locale.ROOT, " %s=%.3f", group, ms / total));
      }
    });
    if (warmedUpSeconds > 0) {
      System.err.println(groups);
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(what + ": " + failures.get() + " of " + total + " calls failed");
    }
    long[] all = new long[(int) Math.min(total, Integer.MAX_VALUE - 8)];
    int k = 0;
    for (int t = 0; t < threads; t++) {
      int n = (int) Math.min(counts[t], latencies.get(t).length);
      System.arraycopy(latencies.get(t), 0, all, k, n);
      k += n;
    }
    long[] sorted = Arrays.copyOf(all, k);
    Arrays.sort(sorted);
    return new Result(what, total / elapsed, sorted[(int) (k * 0.50)] / 1e6, sorted[(int) Math.min(k - 1, k * 0.99)] / 1e6,
        total, cpuMs / total, caMs / total, clientMs / total, warmedUpSeconds, jitMs);
  }
}

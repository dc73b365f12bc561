package dev.rigging.ca.bench;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * <p>Arguments: {@code [seconds per measurement] [client threads] [output file]}.
 */
public final class CaLoadHarness {
  private CaLoadHarness() {}

  record Result(String what, double perSecond, double p50Ms, double p99Ms, long count) {}

  public static void main(String[] args) throws Exception {
    Fips.install();
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Path out = args.length > 2 ? Path.of(args[2]) : null;
    Path dir = Files.createTempDirectory("ca-bench");
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "CA throughput: %d s per measurement, %d client threads, %d cores, %s",
        seconds, threads, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
    lines.add("");
    lines.add("| CA key | CSR key | path | certificates/s | p50 ms | p99 ms | n | share of raw |");
    lines.add("|---|---|---|---|---|---|---|---|");
    for (KeyAlgorithm caKey : List.of(KeyAlgorithm.EC_P256, KeyAlgorithm.RSA_2048)) {
      Path caDir = dir.resolve(caKey.name());
      try (CaFixture ca = new CaFixture(caDir, b -> b.rootKeyAlgorithm(caKey))) {
        for (KeyAlgorithm csrKey : List.of(KeyAlgorithm.EC_P256, KeyAlgorithm.RSA_2048)) {
          List<String> csrs = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            csrs.add(TestPki.csr(TestPki.generate(csrKey)));
          }
          Identity caller = new Identity("cluster.local", "bench", "workload");
          // Warm-up, then measure.
          raw(ca.ca, csrs, caller, 3);
          Result raw = raw(ca.ca, csrs, caller, seconds);
          grpc(ca, csrs, threads, 3);
          Result grpc = grpc(ca, csrs, threads, seconds);
          for (Result r : List.of(raw, grpc)) {
            lines.add(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %.2f | %.2f | %d | %s |", label(caKey),
                label(csrKey), r.what(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.count(),
                r == raw ? "1.00" : String.format(Locale.ROOT, "%.2f", r.perSecond() / raw.perSecond())));
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
    return run("raw sign", threads, seconds, i -> ca.sign(csrs.get(i % csrs.size()), caller, Duration.ofHours(24)));
  }

  /** CreateCertificate over TLS with a bearer token, {@code threads} concurrent callers on separate channels. */
  static Result grpc(CaFixture ca, List<String> csrs, int threads, int seconds) throws Exception {
    List<ManagedChannel> channels = new ArrayList<>();
    List<IstioCertificateServiceGrpc.IstioCertificateServiceBlockingStub> stubs = new ArrayList<>();
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + ca.tokens.serviceAccount("bench", "workload"));
    for (int t = 0; t < threads; t++) {
      ManagedChannel ch = GrpcClients.tls(ca.tls.port(), ca.ca.trustedRoots(), null, null);
      channels.add(ch);
      stubs.add(IstioCertificateServiceGrpc.newBlockingStub(ch)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
    }
    try {
      AtomicLong next = new AtomicLong();
      ThreadLocal<Integer> slot = ThreadLocal.withInitial(() -> (int) (next.getAndIncrement() % threads));
      return run("gRPC TLS + JWT", threads, seconds, i -> stubs.get(slot.get()).createCertificate(
          IstioCertificateRequest.newBuilder().setCsr(csrs.get(i % csrs.size())).setValidityDuration(86_400).build()));
    } finally {
      channels.forEach(ManagedChannel::shutdownNow);
    }
  }

  interface Call {
    void run(int i) throws Exception;
  }

  private static Result run(String what, int threads, int seconds, Call call) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    List<long[]> latencies = new ArrayList<>();
    long[] counts = new long[threads];
    CountDownLatch done = new CountDownLatch(threads);
    AtomicLong failures = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long[] lat = new long[2_000_000];
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
          done.countDown();
        }
      }, "bench-" + t);
      workers.add(w);
    }
    long start = System.nanoTime();
    workers.forEach(Thread::start);
    TimeUnit.SECONDS.sleep(seconds);
    stop.set(true);
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    long total = Arrays.stream(counts).sum();
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
        total);
  }
}

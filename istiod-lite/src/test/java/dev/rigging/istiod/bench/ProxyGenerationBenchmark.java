package dev.rigging.istiod.bench;

import dev.rigging.ca.testing.BenchLogging;
import com.google.protobuf.Message;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.xds.ClusterGenerator;
import dev.rigging.istiod.xds.EndpointGenerator;
import dev.rigging.istiod.xds.ListenerGenerator;
import dev.rigging.istiod.xds.RouteGenerator;
import dev.rigging.istiod.xds.XdsGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code ProxyGenerationBenchmark} measures what istiod-lite spends to generate one proxy's
 * config (CDS, EDS, LDS, RDS through the four xDS generators) for the benchmark mesh (1,000
 * services in 50 namespaces, each proxy scoped to its namespace by a Sidecar):
 *
 * <ul>
 *   <li>{@code cold}: the first proxy of its namespace in a fresh push context, which translates
 *       the namespace's scope (the push context is built per invocation, outside the timing);
 *   <li>{@code warm}: one more proxy of the same namespace and kind in a push context that
 *       already holds that scope (what each further proxy costs in a push).
 * </ul>
 *
 * for {@code kind} sidecar and proxyless. Run with {@code org.openjdk.jmh.Main ProxyGeneration}
 * on the test class path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProxyGenerationBenchmark {
  private static final List<XdsGenerator> GENERATORS = List.of(new ClusterGenerator(), new EndpointGenerator(),
      new ListenerGenerator(), new RouteGenerator());

  @Param({"sidecar", "proxyless"})
  public String kind;

  private Path dir;
  private BenchMesh mesh;
  private Proxy first;
  private Proxy another;
  private PushContext fresh;
  private PushContext warm;
  private long version;

  @Setup(Level.Trial)
  public void load() throws IOException {
    if (!BenchLogging.configure()) {
      throw new IllegalStateException("DEBUG logging is still on; measurements would include it");
    }
    dir = Files.createTempDirectory("rigging-bench-mesh");
    new MeshGenerator(dir).generate();
    mesh = BenchMesh.load(dir);
    // Harness clients 0 (sidecar) and 50 (proxyless) are in namespace 0; +100 is the next of the same kind.
    int i = kind.equals("proxyless") ? 50 : 0;
    first = BenchMesh.proxy(i);
    another = BenchMesh.proxy(i + 100);
    warm = mesh.push(++version);
    generate(warm, first, null);
  }

  @Setup(Level.Invocation)
  public void freshPushContext() {
    fresh = mesh.push(++version);
  }

  @TearDown(Level.Trial)
  public void cleanUp() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  /** One proxy in a fresh push context: its namespace's scope is translated from scratch. */
  @Benchmark
  public void cold(Blackhole bh) {
    generate(fresh, first, bh);
  }

  /** One more proxy of an already translated scope. */
  @Benchmark
  public void warm(Blackhole bh) {
    generate(warm, another, bh);
  }

  private static int generate(PushContext push, Proxy proxy, Blackhole bh) {
    int n = 0;
    for (XdsGenerator g : GENERATORS) {
      List<? extends Message> out = g.generate(push, proxy);
      n += out.size();
      if (bh != null) {
        bh.consume(out);
      }
    }
    return n;
  }
}

package dev.rigging.istiod.bench;

import dev.rigging.ca.testing.BenchLogging;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code PushGenerationBenchmark} measures, on one thread, the translation part of a full push of
 * the benchmark mesh: building the {@link PushContext} ({@code pushContext}), and that plus
 * generating CDS, EDS, LDS and RDS for all 2,000 harness proxies ({@code allProxies}). Interning,
 * snapshots and sending are not included (the push log's {@code generate=} covers interning too).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PushGenerationBenchmark {
  private static final List<XdsGenerator> GENERATORS = List.of(new ClusterGenerator(), new EndpointGenerator(),
      new ListenerGenerator(), new RouteGenerator());

  private Path dir;
  private BenchMesh mesh;
  private final List<Proxy> proxies = new ArrayList<>();
  private long version;

  @Setup(Level.Trial)
  public void load() throws IOException {
    if (!BenchLogging.configure()) {
      throw new IllegalStateException("DEBUG logging is still on; measurements would include it");
    }
    dir = Files.createTempDirectory("rigging-bench-mesh");
    new MeshGenerator(dir).generate();
    mesh = BenchMesh.load(dir);
    for (int i = 0; i < 2000; i++) {
      proxies.add(BenchMesh.proxy(i));
    }
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

  @Benchmark
  public PushContext pushContext() {
    return mesh.push(++version);
  }

  @Benchmark
  public void allProxies(Blackhole bh) {
    PushContext push = mesh.push(++version);
    for (Proxy p : proxies) {
      for (XdsGenerator g : GENERATORS) {
        bh.consume(g.generate(push, p));
      }
    }
  }
}

package dev.rigging.istiod.bench;

import dev.rigging.istiod.config.ConfigSnapshot;
import dev.rigging.istiod.model.MeshSettings;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyType;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.registry.RegistryBuilder;
import dev.rigging.istiod.registry.RegistrySnapshot;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigLoader;
import dev.rigging.mesh.config.ConfigObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code BenchMesh} is the generated benchmark mesh loaded in-process the way istiod-lite's file
 * mode loads it (mesh-core's {@link ConfigLoader}, the real {@link RegistryBuilder}), for the bare
 * server's precomputed snapshots and the JMH benchmarks. It also defines the harness's proxies.
 */
public final class BenchMesh {
  private final ConfigSnapshot config;
  private final RegistrySnapshot registry;

  private BenchMesh(ConfigSnapshot config, RegistrySnapshot registry) {
    this.config = config;
    this.registry = registry;
  }

  /** Loads every {@code *.yaml} of {@code dir}; fails on any invalid file. */
  public static BenchMesh load(Path dir) {
    ConfigLoader loader = new ConfigLoader("default");
    Map<ConfigKey, ConfigObject<?>> configs = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
        ConfigLoader.Loaded loaded = loader.load(p.getFileName().toString(), Files.readString(p));
        if (!loaded.ok()) {
          throw new IllegalStateException("invalid config " + p + ": " + loaded.errors());
        }
        loaded.objects().forEach(o -> configs.put(o.key(), o));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read mesh " + dir, e);
    }
    ConfigSnapshot snapshot = new ConfigSnapshot(configs, List.of(), new HashMap<>(), List.of(), 1);
    RegistrySnapshot registry = new RegistryBuilder(h -> List.of()).build(snapshot);
    return new BenchMesh(snapshot, registry);
  }

  /** A new push context (empty memo: nothing translated yet). */
  public PushContext push(long version) {
    return PushContext.build(version, config, registry, MeshSettings.DEFAULT);
  }

  public ConfigSnapshot config() {
    return config;
  }

  public RegistrySnapshot registry() {
    return registry;
  }

  /** Client {@code i} of the harness: namespace {@code i % 50}; sidecars and proxyless alternate per round. */
  public static boolean isProxyless(int i) {
    return (i / MeshGenerator.NAMESPACES) % 2 == 1;
  }

  public static int namespaceOf(int i) {
    return i % MeshGenerator.NAMESPACES;
  }

  /** Client {@code i}'s IP: 10.200.x.y, distinct per client and from every service endpoint. */
  public static String ipOf(int i) {
    return "10.200." + (i / 250) + "." + (i % 250 + 1);
  }

  /** Client {@code i} as istiod-lite sees it (same node id and metadata the harness sends). */
  public static Proxy proxy(int i) {
    return Proxy.of(isProxyless(i) ? ProxyType.PROXYLESS : ProxyType.SIDECAR, ipOf(i), "pod-" + i,
        MeshGenerator.namespace(namespaceOf(i)), Map.of("app", "client-" + i));
  }
}

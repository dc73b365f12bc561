package dev.rigging.istiod.dataplane;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code FileMeshResource} prepares a file-mode mesh before istiod-lite starts: three real gRPC
 * backends ({@code reviews} v1, v2, v3) on loopback, and a config directory holding the
 * ServiceEntry and DestinationRule that register them. Tests write VirtualServices into the same
 * directory while istiod-lite runs.
 */
public class FileMeshResource implements QuarkusTestResourceLifecycleManager {
  public static final String HOST = "reviews.shop.svc.cluster.local";
  public static final String TARGET = HOST + ":9080";

  private static Path dir;
  private static final Map<String, Backend> BACKENDS = new LinkedHashMap<>();

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("rigging-mesh");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String v : new String[] {"v1", "v2", "v3"}) {
      BACKENDS.put(v, new Backend(v, 0));
    }
    StringBuilder eps = new StringBuilder();
    BACKENDS.forEach((v, b) -> eps.append("""
          - address: 127.0.0.1
            ports: {grpc: %d}
            labels: {app: reviews, version: %s}
        """.formatted(b.port(), v)));
    write("reviews.yaml", """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: [%s]
          location: MESH_INTERNAL
          resolution: STATIC
          ports: [{number: 9080, name: grpc, protocol: GRPC}]
          endpoints:
        %s---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews, namespace: shop}
        spec:
          host: %s
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v2, labels: {version: v2}}
          - {name: v3, labels: {version: v3}}
        """.formatted(HOST, eps, HOST));
    return Map.of("rigging.config.mode", "file", "rigging.config.dir", dir.toString());
  }

  /** Writes (atomically, by rename, like an editor) a file into the mesh directory. */
  public static void write(String name, String yaml) {
    try {
      Path tmp = dir.resolve("." + name + ".tmp");
      Files.writeString(tmp, yaml);
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Backend backend(String version) {
    return BACKENDS.get(version);
  }

  public static Path dir() {
    return dir;
  }

  @Override
  public void stop() {
    BACKENDS.values().forEach(Backend::close);
    BACKENDS.clear();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

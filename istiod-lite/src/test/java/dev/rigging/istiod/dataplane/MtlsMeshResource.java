package dev.rigging.istiod.dataplane;

import dev.rigging.mesh.testing.MeshScenarios;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code MtlsMeshResource} prepares a file-mode mesh for mutual TLS between proxyless workloads:
 * the {@code greeter} service at 127.0.0.1 on a free port, a DestinationRule asking clients for
 * {@code ISTIO_MUTUAL} (subset {@code impostor} expects another identity), a VirtualService sending
 * {@code x-subset: impostor} there, and STRICT PeerAuthentication in namespace {@code shop}. The
 * greeter server itself starts once istiod-lite runs (it blocks until its listener arrives).
 * Workload certificates come from istiod-lite's own CA through {@link MeshIdentities}.
 */
public class MtlsMeshResource implements QuarkusTestResourceLifecycleManager {
  public static final String HOST = "greeter.shop.svc.cluster.local";
  public static final String TARGET = HOST + ":50051";

  private static Path dir;
  private static int port;
  private static MeshIdentities identities;

  @Override
  public Map<String, String> start() {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
      dir = Files.createTempDirectory("rigging-mtls-mesh");
      Files.writeString(dir.resolve("mesh.yaml"), MeshScenarios.mtlsGreeter(HOST, port));
      for (Map.Entry<String, String> f : extraFiles().entrySet()) {
        Files.writeString(dir.resolve(f.getKey()), f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    identities = new MeshIdentities(dir.resolve(".identities"));
    return Map.of("rigging.config.mode", "file", "rigging.config.dir", dir.toString(),
        "rigging.ca.dir", caDir().toString(), "rigging.ca.jwt.jwks-file", identities.writeJwks().toString());
  }

  /** More files for the mesh directory (name to YAML); none here. */
  protected Map<String, String> extraFiles() {
    return Map.of();
  }

  /** Where istiod-lite's CA keeps its root (outside the config directory). */
  public static Path caDir() {
    return dir.resolveSibling(dir.getFileName() + "-ca");
  }

  /** A workload identity from istiod-lite's CA, kept current by an agent. */
  public static Pki identity(String namespace, String serviceAccount, String pod, Map<String, String> labels) {
    return identities.start("127.0.0.1:25012", caDir().resolve("root-cert.pem"), "127.0.0.1:25010", namespace,
        serviceAccount, pod, labels, Duration.ZERO);
  }

  /** Writes (atomically, like an editor) a file into the mesh directory. */
  public static void write(String name, String yaml) {
    try {
      Path tmp = dir.resolve("." + name + ".tmp");
      Files.writeString(tmp, yaml);
      Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The mesh directory. */
  public static Path dir() {
    return dir;
  }

  /** The greeter's port. */
  public static int port() {
    return port;
  }

  @Override
  public void stop() {
    identities.close();
    for (Path root : List.of(dir, caDir())) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

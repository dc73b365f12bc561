package dev.rigging.istiod.bench;

import dev.rigging.mesh.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@code MeshGenerator} writes the benchmark mesh as Istio YAML for istiod-lite's file mode:
 * {@value #NAMESPACES} namespaces × {@value #SERVICES_PER_NAMESPACE} services. Each service is a
 * MESH_INTERNAL STATIC ServiceEntry ({@code svc-N.ns-M.svc.cluster.local}, ports {@code grpc} 8080
 * GRPC and {@code http} 9080 HTTP, three endpoints on distinct IPs labelled {@code version: v1/v2}),
 * a DestinationRule with subsets v1 and v2, and one VirtualService with an 80/20 weighted route;
 * each namespace has a {@code Sidecar} with {@code egress: [{hosts: ["./*"]}]}, so every proxy sees
 * only its own namespace.
 *
 * <p>Files are flat in one directory (istiod-lite watches the directory itself, not its
 * subdirectories): per namespace {@code ns-M-services.yaml}, {@code ns-M-virtualservices.yaml} and
 * {@code ns-M-sidecar.yaml}. Usage: {@code MeshGenerator DIR}.
 */
public final class MeshGenerator {
  public static final int NAMESPACES = 50;
  public static final int SERVICES_PER_NAMESPACE = 20;
  public static final int GRPC_PORT = 8080;
  public static final int HTTP_PORT = 9080;
  /** Endpoints per service: two v1, one v2. */
  public static final int ENDPOINTS_PER_SERVICE = 3;

  private final Path dir;

  public MeshGenerator(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: MeshGenerator DIR");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    MeshGenerator gen = new MeshGenerator(dir);
    gen.generate();
    int objects = gen.validate();
    System.out.printf("mesh: %d namespaces, %d services, %d objects in %s (ConfigLoader: valid)%n", NAMESPACES,
        NAMESPACES * SERVICES_PER_NAMESPACE, objects, dir.toAbsolutePath());
  }

  public static String namespace(int ns) {
    return "ns-" + ns;
  }

  public static String host(int ns, int svc) {
    return "svc-" + svc + "." + namespace(ns) + ".svc.cluster.local";
  }

  /** Replaces the directory's YAML with a freshly generated mesh (every VirtualService 80/20). */
  public void generate() throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> old = Files.list(dir)) {
      for (Path p : old.filter(p -> p.getFileName().toString().endsWith(".yaml")).toList()) {
        Files.delete(p);
      }
    }
    for (int ns = 0; ns < NAMESPACES; ns++) {
      write(dir.resolve(namespace(ns) + "-services.yaml"), services(ns));
      write(dir.resolve(namespace(ns) + "-sidecar.yaml"), sidecar(ns));
      int[] weights = new int[SERVICES_PER_NAMESPACE];
      java.util.Arrays.fill(weights, 80);
      write(virtualServicesFile(ns), virtualServices(ns, weights));
    }
  }

  /** Loads every generated file with mesh-core's {@link ConfigLoader}; throws on any error. */
  public int validate() throws IOException {
    ConfigLoader loader = new ConfigLoader("default");
    int objects = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
        ConfigLoader.Loaded loaded = loader.load(p.getFileName().toString(), Files.readString(p));
        if (!loaded.ok()) {
          throw new IllegalStateException("generated config " + p + " is invalid: " + loaded.errors());
        }
        objects += loaded.objects().size();
      }
    }
    return objects;
  }

  public Path virtualServicesFile(int ns) {
    return dir.resolve(namespace(ns) + "-virtualservices.yaml");
  }

  /** Service {@code svc}'s v1 weight in namespace {@code ns}'s VirtualService file as it is now. */
  public int currentV1Weight(int ns, int svc) {
    try {
      String content = Files.readString(virtualServicesFile(ns));
      String doc = content.split("(?m)^---$")[svc];
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("subset: v1\\}, weight: (\\d+)").matcher(doc);
      if (!m.find()) {
        throw new IllegalStateException("no v1 weight for svc-" + svc + " in " + virtualServicesFile(ns));
      }
      return Integer.parseInt(m.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Rewrites namespace {@code ns}'s VirtualService file atomically (write a hidden temporary file,
   * then rename it over the old one, as editors and ConfigMap volumes do); {@code v1Weights[i]} is
   * service i's weight for subset v1, v2 gets the rest.
   */
  public void rewriteVirtualServices(int ns, int[] v1Weights) {
    Path target = virtualServicesFile(ns);
    Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, virtualServices(ns, v1Weights), StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite " + target, e);
    }
  }

  /** Endpoint IP of endpoint {@code e} of service {@code svc} in namespace {@code ns}: 10.1.x.y, all distinct. */
  static String endpointIp(int ns, int svc, int e) {
    int idx = (ns * SERVICES_PER_NAMESPACE + svc) * ENDPOINTS_PER_SERVICE + e;
    return "10.1." + (idx / 250) + "." + (idx % 250 + 1);
  }

  /** Service VIP: 10.96.ns.svc+1. */
  static String vip(int ns, int svc) {
    return "10.96." + ns + "." + (svc + 1);
  }

  static String services(int ns) {
    StringBuilder b = new StringBuilder();
    for (int svc = 0; svc < SERVICES_PER_NAMESPACE; svc++) {
      String name = "svc-" + svc;
      if (svc > 0) {
        b.append("---\n");
      }
      b.append("""
          apiVersion: networking.istio.io/v1
          kind: ServiceEntry
          metadata: {name: %1$s, namespace: %2$s}
          spec:
            hosts: [%3$s]
            addresses: [%4$s]
            location: MESH_INTERNAL
            resolution: STATIC
            ports:
            - {number: %5$d, name: grpc, protocol: GRPC}
            - {number: %6$d, name: http, protocol: HTTP}
            endpoints:
          """.formatted(name, namespace(ns), host(ns, svc), vip(ns, svc), GRPC_PORT, HTTP_PORT));
      for (int e = 0; e < ENDPOINTS_PER_SERVICE; e++) {
        b.append("  - {address: ").append(endpointIp(ns, svc, e)).append(", labels: {app: ").append(name)
            .append(", version: ").append(e < 2 ? "v1" : "v2").append("}}\n");
      }
      b.append("""
          ---
          apiVersion: networking.istio.io/v1
          kind: DestinationRule
          metadata: {name: %1$s, namespace: %2$s}
          spec:
            host: %3$s
            subsets:
            - {name: v1, labels: {version: v1}}
            - {name: v2, labels: {version: v2}}
          """.formatted(name, namespace(ns), host(ns, svc)));
    }
    return b.toString();
  }

  static String sidecar(int ns) {
    return """
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: default, namespace: %s}
        spec:
          egress:
          - hosts: ["./*"]
        """.formatted(namespace(ns));
  }

  static String virtualServices(int ns, int[] v1Weights) {
    StringBuilder b = new StringBuilder();
    for (int svc = 0; svc < SERVICES_PER_NAMESPACE; svc++) {
      if (svc > 0) {
        b.append("---\n");
      }
      b.append("""
          apiVersion: networking.istio.io/v1
          kind: VirtualService
          metadata: {name: svc-%1$d, namespace: %2$s}
          spec:
            hosts: [%3$s]
            http:
            - route:
              - {destination: {host: %3$s, subset: v1}, weight: %4$d}
              - {destination: {host: %3$s, subset: v2}, weight: %5$d}
          """.formatted(svc, namespace(ns), host(ns, svc), v1Weights[svc], 100 - v1Weights[svc]));
    }
    return b.toString();
  }

  private static void write(Path p, String content) throws IOException {
    Files.writeString(p, content, StandardCharsets.UTF_8);
  }
}

package dev.rigging.istiod.networking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rigging.istiod.model.ExtensionProvider;
import dev.rigging.istiod.model.JwksKeys;
import dev.rigging.istiod.model.MeshSettings;
import dev.rigging.istiod.model.PathNormalization;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyType;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code GoldenTest} runs every case under {@code src/test/resources/golden/<case>/}: Istio config
 * ({@code config.yaml}, ServiceEntries as the registry), optional {@code mesh.yaml} (MeshSettings
 * overrides, {@code pathNormalization} and {@code extensionProviders} included), {@code dns.yaml}
 * (control-plane DNS resolution) and {@code jwks.yaml} (key sets the control plane fetched:
 * {@code - {issuer, jwksUri, jwks | error}}), and {@code proxy.yaml} with one
 * proxy ({@code type}, {@code namespace}, {@code ip}, {@code labels}, {@code locality}) or several
 * documents each with a {@code name}. Each proxy's CDS, EDS, LDS and RDS must equal
 * {@code cds.json}, {@code eds.json}, {@code lds.json}, {@code rds.json} (in {@code <name>/} for
 * several proxies). Refresh with {@code -Drefresh.golden=true}.
 */
class GoldenTest {
  static final Path ROOT = Path.of("src", "test", "resources", "golden");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, XdsGenerator> GENERATORS = new LinkedHashMap<>();

  static {
    GENERATORS.put("cds", new ClusterGenerator());
    GENERATORS.put("eds", new EndpointGenerator());
    GENERATORS.put("lds", new ListenerGenerator());
    GENERATORS.put("rds", new RouteGenerator());
  }

  /** One golden case: its push context and named proxies. */
  record Case(String name, Path dir, PushContext push, Map<String, Proxy> proxies) {}

  @TestFactory
  Stream<DynamicNode> goldenFiles() throws IOException {
    List<DynamicNode> nodes = new ArrayList<>();
    for (Case c : cases()) {
      List<DynamicNode> tests = new ArrayList<>();
      boolean single = c.proxies().size() == 1;
      c.proxies().forEach((proxyName, proxy) -> GENERATORS.forEach((type, gen) -> {
        Path file = single ? c.dir().resolve(type + ".json") : c.dir().resolve(proxyName).resolve(type + ".json");
        tests.add(DynamicTest.dynamicTest(c.name() + " " + proxyName + " " + type, file.toUri(),
            () -> GoldenFiles.assertMatches(file, GoldenFiles.json(gen.generate(c.push(), proxy)))));
      }));
      nodes.add(DynamicContainer.dynamicContainer(c.name(), c.dir().toUri(), tests.stream()));
    }
    if (nodes.isEmpty()) {
      throw new AssertionError("no golden cases under " + ROOT.toAbsolutePath());
    }
    return nodes.stream();
  }

  /** Every golden case, sorted by directory name. */
  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(ROOT)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        out.add(load(dir));
      }
    }
    return out;
  }

  static Case load(Path dir) throws IOException {
    MeshSettings mesh = MeshSettings.DEFAULT;
    Path meshFile = dir.resolve("mesh.yaml");
    if (Files.exists(meshFile)) {
      JsonNode m = YAML.readTree(meshFile.toFile());
      mesh = new MeshSettings(m.path("rootNamespace").asText(mesh.rootNamespace()),
          m.path("domainSuffix").asText(mesh.domainSuffix()), m.path("trustDomain").asText(mesh.trustDomain()),
          m.path("allowAnyOutbound").asBoolean(mesh.allowAnyOutbound()),
          m.path("connectTimeoutMillis").asLong(mesh.connectTimeoutMillis()),
          m.path("enableAutoMtls").asBoolean(mesh.enableAutoMtls()),
          m.path("scopeGatewayToNamespace").asBoolean(mesh.scopeGatewayToNamespace()))
          .withPathNormalization(PathNormalization.parse(m.path("pathNormalization").asText("BASE")))
          .withExtensionProviders(extensionProviders(m.path("extensionProviders")));
    }
    Map<JwksKeys.Source, JwksKeys.Result> fetched = new LinkedHashMap<>();
    Path jwksFile = dir.resolve("jwks.yaml");
    if (Files.exists(jwksFile)) {
      for (JsonNode j : YAML.readTree(jwksFile.toFile())) {
        JwksKeys.Source source = new JwksKeys.Source(j.path("issuer").asText(""), j.path("jwksUri").asText(""));
        fetched.put(source, j.has("error") ? JwksKeys.Result.failed(j.path("error").asText())
            : JwksKeys.Result.ok(j.path("jwks").asText()));
      }
    }
    Map<String, List<String>> dns = new LinkedHashMap<>();
    Path dnsFile = dir.resolve("dns.yaml");
    if (Files.exists(dnsFile)) {
      YAML.readTree(dnsFile.toFile()).fields().forEachRemaining(e -> {
        List<String> ips = new ArrayList<>();
        e.getValue().forEach(ip -> ips.add(ip.asText()));
        dns.put(e.getKey(), ips);
      });
    }
    PushContext push = TestMesh.push(TestMesh.decode(dir.resolve("config.yaml").toString(),
        Files.readString(dir.resolve("config.yaml"))), mesh, dns, new JwksKeys(fetched));
    Map<String, Proxy> proxies = new LinkedHashMap<>();
    try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(dir.resolve("proxy.yaml").toFile())) {
      while (it.hasNextValue()) {
        JsonNode p = it.nextValue();
        String name = p.path("name").asText(p.path("type").asText());
        proxies.put(name, proxy(p));
      }
    }
    return new Case(dir.getFileName().toString(), dir, push, proxies);
  }

  /** MeshConfig's {@code extensionProviders} in Istio's YAML form. */
  static List<ExtensionProvider> extensionProviders(JsonNode list) {
    List<ExtensionProvider> out = new ArrayList<>();
    for (JsonNode p : list) {
      boolean grpc = p.has("envoyExtAuthzGrpc");
      JsonNode c = grpc ? p.get("envoyExtAuthzGrpc") : p.get("envoyExtAuthzHttp");
      out.add(new ExtensionProvider(p.path("name").asText(), grpc ? ExtensionProvider.Kind.ENVOY_EXT_AUTHZ_GRPC
          : ExtensionProvider.Kind.ENVOY_EXT_AUTHZ_HTTP, c.path("service").asText(), c.path("port").asInt(),
          c.has("timeout") ? java.time.Duration.parse("PT" + c.path("timeout").asText().toUpperCase(Locale.ROOT))
              : null,
          c.path("failOpen").asBoolean(false), c.has("statusOnError") ? c.path("statusOnError").asInt() : null,
          c.path("pathPrefix").asText(""), strings(c.path("includeRequestHeadersInCheck")),
          strings(c.path("headersToUpstreamOnAllow")), strings(c.path("headersToDownstreamOnDeny"))));
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static Proxy proxy(JsonNode p) {
    ProxyType type = ProxyType.valueOf(p.path("type").asText("sidecar").toUpperCase(Locale.ROOT));
    Map<String, String> labels = new LinkedHashMap<>();
    p.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return TestMesh.at(type, p.path("namespace").asText("default"), p.path("ip").asText("10.0.0.1"), labels,
        p.path("locality").asText(""));
  }
}

package dev.rigging.istiod.networking;

import dev.rigging.istiod.config.ConfigSnapshot;
import dev.rigging.istiod.registry.Endpoint;
import dev.rigging.istiod.registry.RegistryBuilder;
import dev.rigging.istiod.registry.RegistrySnapshot;
import dev.rigging.istiod.model.JwksKeys;
import dev.rigging.istiod.model.MeshSettings;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyType;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.registry.Locality;
import dev.rigging.mesh.api.networking.ServiceEntry;
import dev.rigging.mesh.config.ConfigCodec;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigObject;
import dev.rigging.mesh.config.Kind;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code TestMesh} builds a push context from Istio YAML (ServiceEntries provide the registry, see
 * the real {@link RegistryBuilder}) and makes proxies, for translation tests.
 */
public final class TestMesh {
  private TestMesh() {}

  /** Decodes {@code yaml}; fails the test on any decoding error. */
  public static List<ConfigObject<?>> decode(String source, String yaml) {
    ConfigCodec.Decoded d = new ConfigCodec("default").decode(source, yaml);
    if (!d.ok()) {
      throw new AssertionError("invalid test config " + source + ": " + d.errors());
    }
    return d.objects();
  }

  /** Endpoints labelled {@code rigging.test/healthy: "false"} are not ready. */
  public static final String UNHEALTHY_LABEL = "rigging.test/healthy";

  public static PushContext push(String yaml) {
    return push(yaml, MeshSettings.DEFAULT, Map.of());
  }

  public static PushContext push(String yaml, MeshSettings mesh, Map<String, List<String>> dns) {
    return push(decode("config.yaml", yaml), mesh, dns);
  }

  public static PushContext push(List<ConfigObject<?>> objects, MeshSettings mesh, Map<String, List<String>> dns) {
    return push(objects, mesh, dns, JwksKeys.NONE);
  }

  /** A push context whose RequestAuthentications find {@code jwks} fetched. */
  public static PushContext push(List<ConfigObject<?>> objects, MeshSettings mesh, Map<String, List<String>> dns,
      JwksKeys jwks) {
    Map<ConfigKey, ConfigObject<?>> configs = new LinkedHashMap<>();
    objects.forEach(o -> configs.put(o.key(), o));
    ConfigSnapshot snapshot = new ConfigSnapshot(configs, List.of(), new HashMap<>(), List.of(), 1);
    // ServiceEntry endpoints are always ready; the label below lets golden cases show not-ready ones.
    RegistrySnapshot registry = new RegistryBuilder(h -> dns.getOrDefault(h, List.of())).build(snapshot)
        .mapEndpoints(e -> "false".equals(e.labels().get(UNHEALTHY_LABEL)) ? e.withHealthy(false) : e);
    return PushContext.build(1, snapshot, registry, mesh, jwks);
  }

  public static Proxy sidecar(String namespace, String ip, Map<String, String> labels) {
    return Proxy.of(ProxyType.SIDECAR, ip, "pod-" + ip.replace('.', '-'), namespace, labels);
  }

  public static Proxy proxyless(String namespace, String ip, Map<String, String> labels) {
    return Proxy.of(ProxyType.PROXYLESS, ip, "pod-" + ip.replace('.', '-'), namespace, labels);
  }

  public static Proxy router(String namespace, String ip, Map<String, String> labels) {
    return Proxy.of(ProxyType.ROUTER, ip, "gw-" + ip.replace('.', '-'), namespace, labels);
  }

  /** A proxy of {@code type} with a locality. */
  public static Proxy at(ProxyType type, String namespace, String ip, Map<String, String> labels, String locality) {
    Proxy p = Proxy.of(type, ip, "pod-" + ip.replace('.', '-'), namespace, labels);
    return new Proxy(p.id(), p.type(), p.ips(), p.podName(), p.namespace(), p.dnsDomain(), p.labels(), p.metadata(),
        Locality.parse(locality), p.clusterId());
  }
}

package dev.rigging.istiod.webhook.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rigging.istiod.app.IstiodNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code InjectionSettingsSource} supplies the current {@link InjectionSettings}: istiod-lite's
 * configuration, overridden — as for istiod — by the ConfigMaps of this revision that rig renders,
 * {@code istio-sidecar-injector[-REV]} ({@code values}: proxy image and pull policy, and Istio's
 * other {@code global.*} proxy values) and {@code istio[-REV]} ({@code mesh}: trust domain,
 * {@code defaultConfig}, {@code enablePrometheusMerge}). In Kubernetes mode both are watched, so an
 * upgrade that changes the proxy image takes effect for the next pod without a restart. A ConfigMap
 * that cannot be read is logged and ignored: injection keeps working with the defaults.
 */
public final class InjectionSettingsSource implements Supplier<InjectionSettings>, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(InjectionSettingsSource.class);
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * istiod-lite's own settings, used where the ConfigMaps say nothing.
   *
   * @param nativeSidecars already decided (see {@link NativeSidecars})
   */
  public record Base(IstiodNames istiod, String proxyImage, Optional<String> imagePullPolicy,
      Optional<String> caAddress, String clusterId, String trustDomain, String clusterDomain, boolean nativeSidecars,
      String grpcAgentImage) {
    public Base {
      Objects.requireNonNull(istiod, "istiod");
      Objects.requireNonNull(proxyImage, "proxyImage");
      Objects.requireNonNull(imagePullPolicy, "imagePullPolicy");
      Objects.requireNonNull(caAddress, "caAddress");
      Objects.requireNonNull(clusterId, "clusterId");
      Objects.requireNonNull(trustDomain, "trustDomain");
      Objects.requireNonNull(clusterDomain, "clusterDomain");
      Objects.requireNonNull(grpcAgentImage, "grpcAgentImage");
    }
  }

  private final Base base;
  private final AtomicReference<InjectionSettings> current;
  private final List<SharedIndexInformer<ConfigMap>> informers = new ArrayList<>();
  private volatile String meshYaml;
  private volatile String valuesJson;

  private InjectionSettingsSource(Base base) {
    this.base = Objects.requireNonNull(base, "base");
    this.current = new AtomicReference<>(resolve(base, null, null));
  }

  /** Settings from istiod-lite's configuration only (file mode). */
  public static InjectionSettingsSource fixed(Base base) {
    return new InjectionSettingsSource(base);
  }

  /** Settings that follow the revision's ConfigMaps in {@code base.istiod().namespace()}. */
  public static InjectionSettingsSource watching(KubernetesClient client, Base base) {
    InjectionSettingsSource source = new InjectionSettingsSource(base);
    IstiodNames n = base.istiod();
    source.informers.add(client.configMaps().inNamespace(n.namespace()).withName(n.meshConfigMap())
        .inform(source.on(cm -> source.meshYaml = data(cm, "mesh"))));
    source.informers.add(client.configMaps().inNamespace(n.namespace()).withName(n.injectorConfigMap())
        .inform(source.on(cm -> source.valuesJson = data(cm, "values"))));
    return source;
  }

  private static String data(ConfigMap cm, String key) {
    return cm == null || cm.getData() == null ? null : cm.getData().get(key);
  }

  private ResourceEventHandler<ConfigMap> on(java.util.function.Consumer<ConfigMap> update) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap obj) {
        changed(update, obj);
      }

      @Override
      public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
        changed(update, newObj);
      }

      @Override
      public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
        changed(update, null);
      }
    };
  }

  private synchronized void changed(java.util.function.Consumer<ConfigMap> update, ConfigMap cm) {
    update.accept(cm);
    InjectionSettings next = resolve(base, meshYaml, valuesJson);
    if (!next.equals(current.getAndSet(next))) {
      LOG.infof("injection settings: proxy image %s, CA %s, trust domain %s, native sidecars %s (from ConfigMaps %s %s)",
          next.proxyImage(), next.caAddress(), next.trustDomain(), next.nativeSidecars(),
          meshYaml == null ? "-" : base.istiod().meshConfigMap(), valuesJson == null ? "-" : base.istiod().injectorConfigMap());
    }
  }

  @Override
  public InjectionSettings get() {
    return current.get();
  }

  /** The settings for {@code base} with the ConfigMaps' {@code mesh} and {@code values} (either may be null). */
  static InjectionSettings resolve(Base base, String meshYaml, String valuesJson) {
    JsonNode mesh = parse(YAML, meshYaml, base.istiod().meshConfigMap() + " mesh");
    JsonNode values = parse(JSON, valuesJson, base.istiod().injectorConfigMap() + " values");
    JsonNode global = values.path("global");
    JsonNode proxy = global.path("proxy");
    String trustDomain = text(mesh.path("trustDomain"), base.trustDomain());
    ObjectNode proxyConfig = mesh.path("defaultConfig").isObject() ? ((ObjectNode) mesh.get("defaultConfig")).deepCopy()
        : JsonNodeFactory.instance.objectNode();
    if (!proxyConfig.hasNonNull("discoveryAddress")) {
      proxyConfig.put("discoveryAddress", base.istiod().caAddress());
    }
    InjectionSettings.ProxyDefaults defaults = new InjectionSettings.ProxyDefaults(
        resources(proxy.path("resources")),
        text(proxy.path("logLevel"), "warning"),
        text(proxy.path("componentLogLevel"), "misc:error"),
        text(global.path("logging").path("level"), "default:info"),
        proxy.path("holdApplicationUntilProxyStarts").asBoolean(false),
        text(proxy.path("includeIPRanges"), "*"),
        text(proxy.path("excludeIPRanges"), ""),
        text(proxy.path("includeInboundPorts"), "*"),
        text(proxy.path("excludeInboundPorts"), ""),
        text(proxy.path("includeOutboundPorts"), ""),
        text(proxy.path("excludeOutboundPorts"), ""));
    return new InjectionSettings(base.istiod(),
        text(proxy.path("image"), base.proxyImage()),
        text(global.path("imagePullPolicy"), base.imagePullPolicy().orElse(null)),
        text(global.path("caAddress"), base.caAddress().orElse(base.istiod().caAddress())),
        text(global.path("multiCluster").path("clusterName"), base.clusterId()),
        trustDomain,
        text(global.path("meshID"), trustDomain),
        text(proxy.path("clusterDomain"), base.clusterDomain()),
        proxyConfig,
        mesh.path("enablePrometheusMerge").asBoolean(true),
        base.nativeSidecars(),
        values.path("sidecarInjectorWebhook").path("rewriteAppHTTPProbe").asBoolean(true),
        defaults,
        text(global.path("grpcAgent").path("image"), base.grpcAgentImage()));
  }

  /** Istio's chart default for istio-proxy: requests 100m/128Mi, limits 2000m/1024Mi. */
  private static ResourceRequirements resources(JsonNode r) {
    ResourceRequirementsBuilder b = new ResourceRequirementsBuilder();
    if (!r.isObject()) {
      return b.addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi"))
          .addToLimits("cpu", new Quantity("2000m")).addToLimits("memory", new Quantity("1024Mi")).build();
    }
    r.path("requests").fields().forEachRemaining(e -> b.addToRequests(e.getKey(), new Quantity(e.getValue().asText())));
    r.path("limits").fields().forEachRemaining(e -> b.addToLimits(e.getKey(), new Quantity(e.getValue().asText())));
    return b.build();
  }

  private static String text(JsonNode n, String fallback) {
    return n.isValueNode() && !n.asText().isEmpty() ? n.asText() : fallback;
  }

  private static JsonNode parse(ObjectMapper mapper, String text, String what) {
    if (text == null || text.isBlank()) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      JsonNode n = mapper.readTree(text);
      if (n != null && n.isObject()) {
        return n;
      }
      LOG.warnf("injection: ConfigMap %s is not a mapping; using istiod-lite's defaults for it", what);
    } catch (IOException e) {
      LOG.warnf("injection: ConfigMap %s cannot be parsed (%s); using istiod-lite's defaults for it", what,
          e.getMessage().lines().findFirst().orElse(""));
    }
    return JsonNodeFactory.instance.objectNode();
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::stop);
  }
}

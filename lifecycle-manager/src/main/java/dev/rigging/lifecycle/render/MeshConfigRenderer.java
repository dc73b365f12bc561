package dev.rigging.lifecycle.render;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rigging.lifecycle.spec.InstallSpec;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.List;

/**
 * {@code MeshConfigRenderer} renders the revision's Istio-compatible ConfigMaps: {@code istio[-R]}
 * with the MeshConfig ({@code mesh}) that proxies and tools read, and
 * {@code istio-sidecar-injector[-R]} whose {@code values} carry the proxy image of this version for
 * sidecar injection.
 */
final class MeshConfigRenderer {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private MeshConfigRenderer() {}

  static List<ManifestItem> render(RenderTarget t) {
    RevisionNames n = t.names();
    var labels = RigLabels.revisioned(Component.PILOT.id(), t.revision());
    var mesh = new ConfigMapBuilder().withNewMetadata().withName(n.meshConfigMap()).withNamespace(t.namespace())
        .withLabels(labels).endMetadata()
        .addToData("mesh", ManifestYaml.yaml(meshConfig(t)))
        .addToData("meshNetworks", "networks: {}\n")
        .build();
    ObjectNode values = F.objectNode();
    values.put("revision", t.revision());
    ObjectNode global = values.putObject("global");
    global.put("istioNamespace", t.namespace());
    global.put("imagePullPolicy", t.spec().values().global().imagePullPolicy());
    global.putObject("proxy").put("image", t.images().proxy());
    var injector = new ConfigMapBuilder().withNewMetadata().withName(n.injectorConfigMap()).withNamespace(t.namespace())
        .withLabels(labels).endMetadata()
        .addToData("values", ManifestYaml.json(values))
        .build();
    return List.of(new ManifestItem(Component.PILOT, mesh), new ManifestItem(Component.PILOT, injector));
  }

  static ObjectNode meshConfig(RenderTarget t) {
    InstallSpec.MeshConfig mc = t.spec().meshConfig();
    ObjectNode m = F.objectNode();
    m.put("rootNamespace", t.namespace());
    m.put("trustDomain", mc.trustDomain());
    m.put("accessLogFile", mc.accessLogFile() == null ? "" : mc.accessLogFile());
    m.put("enablePrometheusMerge", Boolean.TRUE.equals(mc.enablePrometheusMerge()));
    m.putObject("outboundTrafficPolicy").put("mode", mc.outboundTrafficPolicy().mode());
    m.putObject("defaultConfig").put("discoveryAddress", t.names().discoveryAddress());
    if (mc.tlsDefaults() != null) {
      m.set("tlsDefaults", ManifestYaml.tree(mc.tlsDefaults()));
    }
    return m;
  }
}

package dev.rigging.istiod.webhook.inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ProxyEnvironment} is the environment pilot-agent reads in an injected {@code istio-proxy}
 * container, in the order Istio's sidecar template writes it: where the CA is, who the pod is
 * (downward API), the ProxyConfig, the application's ports and containers, the workload, cluster
 * and mesh, and the ProxyConfig's {@code proxyMetadata}.
 */
final class ProxyEnvironment {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProxyEnvironment() {}

  static List<EnvVar> pilotAgent(Pod pod, List<String> appContainers, PodOptions o, InjectionSettings s) {
    List<EnvVar> env = new ArrayList<>();
    env.add(value("PILOT_CERT_PROVIDER", "istiod"));
    env.add(value("CA_ADDR", s.caAddress()));
    env.addAll(identity());
    env.add(field("SERVICE_ACCOUNT", "spec.serviceAccountName"));
    env.add(field("HOST_IP", "status.hostIP"));
    env.add(resource("ISTIO_CPU_LIMIT", "limits.cpu"));
    env.add(value("PROXY_CONFIG", toJson(o.proxyConfig())));
    env.add(value("ISTIO_META_POD_PORTS", podPorts(pod)));
    env.add(value("ISTIO_META_APP_CONTAINERS", String.join(",", appContainers)));
    env.add(resource("GOMEMLIMIT", "limits.memory"));
    env.add(resource("GOMAXPROCS", "limits.cpu"));
    env.add(value("ISTIO_META_CLUSTER_ID", s.clusterId()));
    env.add(field("ISTIO_META_NODE_NAME", "spec.nodeName"));
    env.add(value("ISTIO_META_INTERCEPTION_MODE", o.interceptionMode()));
    env.add(value("ISTIO_META_WORKLOAD_NAME", o.owner().name()));
    env.add(value("ISTIO_META_OWNER", o.owner().ownerUri()));
    env.add(value("ISTIO_META_MESH_ID", s.meshId()));
    env.add(value("TRUST_DOMAIN", s.trustDomain()));
    o.proxyMetadata().forEach((k, v) -> env.add(value(k, v)));
    return env;
  }

  /** {@code POD_NAME}, {@code POD_NAMESPACE} and {@code INSTANCE_IP} from the downward API. */
  static List<EnvVar> identity() {
    return List.of(field("POD_NAME", "metadata.name"), field("POD_NAMESPACE", "metadata.namespace"),
        field("INSTANCE_IP", "status.podIP"));
  }

  static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar field(String name, String fieldPath) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(fieldPath)
        .endFieldRef().endValueFrom().build();
  }

  private static EnvVar resource(String name, String resource) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewResourceFieldRef().withResource(resource)
        .endResourceFieldRef().endValueFrom().build();
  }

  /** The application containers' ports as JSON, each as Kubernetes writes a ContainerPort. */
  static String podPorts(Pod pod) {
    ArrayNode ports = JSON.createArrayNode();
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getName().equals(SidecarTemplate.PROXY) || c.getPorts() == null) {
        continue;
      }
      for (ContainerPort p : c.getPorts()) {
        ObjectNode n = ports.addObject();
        if (p.getName() != null) {
          n.put("name", p.getName());
        }
        if (p.getHostPort() != null && p.getHostPort() != 0) {
          n.put("hostPort", p.getHostPort());
        }
        n.put("containerPort", p.getContainerPort());
        if (p.getProtocol() != null) {
          n.put("protocol", p.getProtocol());
        }
        if (p.getHostIP() != null) {
          n.put("hostIP", p.getHostIP());
        }
      }
    }
    return toJson(ports);
  }

  static String toJson(Object node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

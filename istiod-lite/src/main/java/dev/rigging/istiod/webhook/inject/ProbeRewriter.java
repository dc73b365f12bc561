package dev.rigging.istiod.webhook.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GRPCAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@code ProbeRewriter} makes application probes work under mutual TLS, as Istio's injector does:
 * HTTP, TCP and gRPC readiness, liveness and startup probes are turned into HTTP probes of
 * pilot-agent's status port ({@code /app-health/CONTAINER/readyz|livez|startupz} on 15020), and the
 * original probes go to pilot-agent in {@code ISTIO_KUBE_APP_PROBERS}, which it then runs against
 * the application from inside the pod. An HTTPS probe becomes HTTP to pilot-agent (which speaks
 * HTTPS to the application). Named ports are resolved to numbers from the container's ports; a
 * probe whose port cannot be resolved is left as it is.
 *
 * <p>{@link #restore} undoes it from the recorded probers, which is how an injected pod is injected
 * again without change.
 */
final class ProbeRewriter {
  static final String PROBERS_ENV = "ISTIO_KUBE_APP_PROBERS";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization KUBE = new KubernetesSerialization();

  private ProbeRewriter() {}

  private record Kind(String suffix, Function<Container, Probe> get, BiConsumer<Container, Probe> set) {}

  private static final List<Kind> KINDS = List.of(
      new Kind("readyz", Container::getReadinessProbe, Container::setReadinessProbe),
      new Kind("livez", Container::getLivenessProbe, Container::setLivenessProbe),
      new Kind("startupz", Container::getStartupProbe, Container::setStartupProbe));

  /**
   * Rewrites the probes of every container but {@code skip}; returns the probers for
   * {@code ISTIO_KUBE_APP_PROBERS}, by path, or an empty map when nothing was rewritten.
   */
  static Map<String, JsonNode> rewrite(Pod pod, int statusPort, List<String> skip) {
    Map<String, JsonNode> probers = new TreeMap<>();
    for (Container c : all(pod)) {
      if (skip.contains(c.getName())) {
        continue;
      }
      for (Kind k : KINDS) {
        Probe p = k.get().apply(c);
        String path = "/app-health/" + c.getName() + "/" + k.suffix();
        ObjectNode prober = p == null ? null : prober(p, c);
        if (prober != null) {
          probers.put(path, prober);
          k.set().accept(c, toStatusPort(p, path, statusPort));
        }
      }
    }
    return probers;
  }

  /** The JSON for {@code ISTIO_KUBE_APP_PROBERS}. */
  static String env(Map<String, JsonNode> probers) {
    return ProxyEnvironment.toJson(probers);
  }

  /** Undoes {@link #rewrite} using the probers recorded in {@code probersJson}. */
  static void restore(Pod pod, int statusPort, String probersJson) {
    JsonNode probers;
    try {
      probers = JSON.readTree(probersJson);
    } catch (java.io.IOException e) {
      return;
    }
    for (Container c : all(pod)) {
      for (Kind k : KINDS) {
        Probe p = k.get().apply(c);
        String path = "/app-health/" + c.getName() + "/" + k.suffix();
        JsonNode original = probers.path(path);
        if (p == null || p.getHttpGet() == null || !original.isObject() || !path.equals(p.getHttpGet().getPath())
            || p.getHttpGet().getPort() == null || !Integer.valueOf(statusPort).equals(p.getHttpGet().getPort().getIntVal())) {
          continue;
        }
        ProbeBuilder b = new ProbeBuilder(p).withHttpGet(null).withTcpSocket(null).withGrpc(null);
        if (original.has("httpGet")) {
          b.withHttpGet(KUBE.convertValue(original.get("httpGet"), HTTPGetAction.class));
        } else if (original.has("tcpSocket")) {
          b.withTcpSocket(KUBE.convertValue(original.get("tcpSocket"), TCPSocketAction.class));
        } else if (original.has("grpc")) {
          b.withGrpc(KUBE.convertValue(original.get("grpc"), GRPCAction.class));
        }
        k.set().accept(c, b.build());
      }
    }
  }

  private static List<Container> all(Pod pod) {
    List<Container> out = new ArrayList<>(pod.getSpec().getInitContainers());
    out.addAll(pod.getSpec().getContainers());
    return out;
  }

  /** What pilot-agent needs to run {@code p} itself, or null when it cannot be taken over. */
  private static ObjectNode prober(Probe p, Container c) {
    ObjectNode out = JSON.createObjectNode();
    if (p.getHttpGet() != null) {
      Integer port = resolve(p.getHttpGet().getPort(), c);
      if (port == null) {
        return null;
      }
      HTTPGetAction action = new HTTPGetActionBuilder(p.getHttpGet()).withPort(new IntOrString(port)).build();
      out.set("httpGet", KUBE.convertValue(action, JsonNode.class));
    } else if (p.getTcpSocket() != null) {
      Integer port = resolve(p.getTcpSocket().getPort(), c);
      if (port == null) {
        return null;
      }
      out.putObject("tcpSocket").put("port", port);
    } else if (p.getGrpc() != null) {
      out.set("grpc", KUBE.convertValue(p.getGrpc(), JsonNode.class));
    } else {
      return null;
    }
    if (p.getTimeoutSeconds() != null && p.getTimeoutSeconds() != 0) {
      out.put("timeoutSeconds", p.getTimeoutSeconds());
    }
    return out;
  }

  private static Integer resolve(IntOrString port, Container c) {
    if (port == null) {
      return null;
    }
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    String name = port.getStrVal();
    if (name != null && name.matches("\\d+")) {
      return Integer.parseInt(name);
    }
    if (c.getPorts() != null) {
      for (ContainerPort cp : c.getPorts()) {
        if (name != null && name.equals(cp.getName())) {
          return cp.getContainerPort();
        }
      }
    }
    return null;
  }

  // Kubelet -> HTTP -> pilot-agent -> the original probe; every other field of the probe is kept.
  private static Probe toStatusPort(Probe p, String path, int statusPort) {
    HTTPGetActionBuilder http = p.getHttpGet() != null ? new HTTPGetActionBuilder(p.getHttpGet())
        : new HTTPGetActionBuilder();
    http.withPath(path).withPort(new IntOrString(statusPort));
    if ("HTTPS".equals(http.getScheme())) {
      http.withScheme("HTTP");
    }
    return new ProbeBuilder(p).withHttpGet(http.build()).withTcpSocket(null).withGrpc(null).build();
  }
}

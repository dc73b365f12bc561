package dev.rigging.istiod.model;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.rigging.istiod.registry.Locality;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code Proxy} is one connected data plane as istiod sees it: identity, namespace, workload labels
 * and locality, parsed from the xDS node like istiod does.
 *
 * <p>Node ids have Istio's form {@code TYPE~IP~POD.NAMESPACE~NAMESPACE.svc.DOMAIN}. Metadata keys
 * are Istio's ({@code NAMESPACE}, {@code LABELS}, {@code GENERATOR}, {@code INSTANCE_IPS},
 * {@code CLUSTER_ID}, {@code ISTIO_VERSION}, {@code SERVICE_ACCOUNT}, {@code WORKLOAD_NAME}).
 *
 * @param id the full node id
 * @param type sidecar, router or proxyless
 * @param ips workload IPs, first is primary
 * @param podName pod (or VM) name
 * @param namespace config namespace of the workload
 * @param dnsDomain e.g. {@code shop.svc.cluster.local}
 * @param labels workload labels
 * @param metadata flat string view of node metadata (nested structs are omitted)
 * @param locality where the workload runs
 * @param clusterId cluster the workload runs in, {@code Kubernetes} by default
 */
public record Proxy(
    String id,
    ProxyType type,
    List<String> ips,
    String podName,
    String namespace,
    String dnsDomain,
    Map<String, String> labels,
    Map<String, String> metadata,
    Locality locality,
    String clusterId) {

  public Proxy {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    ips = List.copyOf(ips);
    Objects.requireNonNull(namespace, "namespace");
    labels = Map.copyOf(labels);
    metadata = Map.copyOf(metadata);
    locality = locality == null ? Locality.UNKNOWN : locality;
  }

  /**
   * Node metadata that istiod-lite itself sets on every stream to the SPIFFE identity the stream
   * authenticated with (its client certificate on 15012), and removes when there is none: whatever
   * a client puts there is overwritten. It decides who may receive credentials.
   */
  public static final String VERIFIED_IDENTITY = "RIGGING_VERIFIED_IDENTITY";

  /** Thrown when a node id or metadata cannot identify a proxy. */
  public static final class InvalidNodeException extends IllegalArgumentException {
    public InvalidNodeException(String message) {
      super(message);
    }
  }

  /** Parses an xDS node; throws {@link InvalidNodeException} with the expected form if it is not Istio's. */
  public static Proxy fromNode(Node node) {
    String id = node.getId();
    String[] parts = id.split("~", -1);
    if (parts.length != 4) {
      throw new InvalidNodeException("node id \"" + id
          + "\" is not of the form TYPE~IP~POD.NAMESPACE~NAMESPACE.svc.DOMAIN (TYPE sidecar or router)");
    }
    Struct md = node.getMetadata();
    Map<String, String> meta = new TreeMap<>();
    Map<String, String> labels = new TreeMap<>();
    for (Map.Entry<String, Value> e : md.getFieldsMap().entrySet()) {
      Value v = e.getValue();
      switch (v.getKindCase()) {
        case STRING_VALUE -> meta.put(e.getKey(), v.getStringValue());
        case BOOL_VALUE -> meta.put(e.getKey(), Boolean.toString(v.getBoolValue()));
        case NUMBER_VALUE -> meta.put(e.getKey(), Double.toString(v.getNumberValue()));
        case STRUCT_VALUE -> {
          if (e.getKey().equals("LABELS")) {
            v.getStructValue().getFieldsMap().forEach((lk, lv) -> labels.put(lk, lv.getStringValue()));
          }
        }
        default -> { }
      }
    }
    String generator = meta.getOrDefault("GENERATOR", "");
    ProxyType type = switch (parts[0]) {
      case "router" -> ProxyType.ROUTER;
      case "sidecar" -> generator.equals("grpc") ? ProxyType.PROXYLESS : ProxyType.SIDECAR;
      default -> throw new InvalidNodeException("node id \"" + id + "\" has type \"" + parts[0]
          + "\"; valid types: sidecar, router");
    };
    String podPart = parts[2];
    String dnsDomain = parts[3];
    String namespace = meta.getOrDefault("NAMESPACE", "");
    if (namespace.isEmpty()) {
      int dot = dnsDomain.indexOf('.');
      namespace = dot < 0 ? dnsDomain : dnsDomain.substring(0, dot);
    }
    if (namespace.isEmpty()) {
      throw new InvalidNodeException("node id \"" + id + "\" names no namespace and metadata NAMESPACE is empty");
    }
    String podName = podPart.endsWith("." + namespace)
        ? podPart.substring(0, podPart.length() - namespace.length() - 1) : podPart;
    List<String> ips = new ArrayList<>();
    if (!parts[1].isEmpty()) {
      ips.add(parts[1]);
    }
    String instanceIps = meta.getOrDefault("INSTANCE_IPS", "");
    if (!instanceIps.isBlank()) {
      Arrays.stream(instanceIps.split(",")).map(String::trim).filter(s -> !s.isEmpty() && !ips.contains(s))
          .forEach(ips::add);
    }
    Locality locality = new Locality(node.getLocality().getRegion(), node.getLocality().getZone(),
        node.getLocality().getSubZone());
    String clusterId = meta.getOrDefault("CLUSTER_ID", "Kubernetes");
    return new Proxy(id, type, ips, podName, namespace, dnsDomain, labels, meta, locality, clusterId);
  }

  /** The SPIFFE identity the proxy's stream authenticated with, empty when it did not. */
  public String verifiedIdentity() {
    return metadata.getOrDefault(VERIFIED_IDENTITY, "");
  }

  /**
   * Whether this proxy may receive the credentials ({@code credentialName} Secrets) of its
   * namespace: its stream authenticated as a workload of that namespace, which is what reading
   * Secrets there takes in Istio (the gateway's service account lives next to its Secrets).
   */
  public boolean mayReadCredentials() {
    String id = verifiedIdentity();
    int ns = id.indexOf("/ns/");
    int sa = id.indexOf("/sa/");
    return id.startsWith("spiffe://") && ns > 0 && sa > ns && id.substring(ns + 4, sa).equals(namespace);
  }

  /** The value of {@code GENERATOR} metadata, empty if none. */
  public String generator() {
    return metadata.getOrDefault("GENERATOR", "");
  }

  /** The workload's service account from metadata, empty if unknown. */
  public String serviceAccount() {
    return metadata.getOrDefault("SERVICE_ACCOUNT", "");
  }

  /** Primary IP, or empty. */
  public String ip() {
    return ips.isEmpty() ? "" : ips.get(0);
  }

  /**
   * The inputs that decide this proxy's config, apart from the mesh itself: proxies with equal
   * group keys receive identical xDS. IPs are part of it because inbound config follows the
   * endpoints registered at the proxy's address.
   */
  public String groupKey() {
    var b = new StringBuilder(type.name()).append('|').append(namespace).append('|').append(clusterId)
        .append('|').append(locality).append('|').append(String.join(",", ips));
    new TreeMap<>(labels).forEach((k, v) -> b.append('|').append(k).append('=').append(v));
    if (type == ProxyType.ROUTER && mayReadCredentials()) {
      b.append("|credentials");
    }
    return b.toString();
  }

  /** A proxy built in code (tests, benchmarks): Istio-form id, given labels, no metadata beyond namespace. */
  public static Proxy of(ProxyType type, String ip, String pod, String namespace, Map<String, String> labels) {
    String prefix = type == ProxyType.ROUTER ? "router" : "sidecar";
    Map<String, String> md = new LinkedHashMap<>();
    md.put("NAMESPACE", namespace);
    if (type == ProxyType.PROXYLESS) {
      md.put("GENERATOR", "grpc");
    }
    return new Proxy(prefix + "~" + ip + "~" + pod + "." + namespace + "~" + namespace + ".svc.cluster.local",
        type, List.of(ip), pod, namespace, namespace + ".svc.cluster.local", labels, md, Locality.UNKNOWN,
        "Kubernetes");
  }
}

package dev.rigging.istiod.model;

import dev.rigging.mesh.api.networking.VirtualService;
import dev.rigging.mesh.config.ConfigObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ResolvedVirtualService} is a VirtualService with its names resolved the way Istio does
 * before translation: hosts and destination hosts relative to the object's namespace, gateway
 * references to {@code namespace/name} ({@code mesh} kept), an empty gateway list meaning
 * {@code mesh}.
 */
public final class ResolvedVirtualService {
  /** The reserved gateway name for sidecars and proxyless clients. */
  public static final String MESH = "mesh";

  private final ConfigObject<VirtualService> config;
  private final List<String> hosts;
  private final Set<String> gateways;
  private final String domainSuffix;

  ResolvedVirtualService(ConfigObject<VirtualService> config, String domainSuffix) {
    this.config = config;
    this.domainSuffix = domainSuffix;
    this.hosts = config.spec().hosts().stream().map(this::resolveHost).distinct().toList();
    Set<String> gw = new LinkedHashSet<>();
    if (config.spec().gateways().isEmpty()) {
      gw.add(MESH);
    } else {
      config.spec().gateways().forEach(g -> gw.add(resolveGateway(g)));
    }
    this.gateways = Set.copyOf(gw);
  }

  public ConfigObject<VirtualService> config() {
    return config;
  }

  public VirtualService spec() {
    return config.spec();
  }

  public String name() {
    return config.name();
  }

  public String namespace() {
    return config.namespace();
  }

  /** Hosts, resolved to full names. */
  public List<String> hosts() {
    return hosts;
  }

  /** Gateways this VirtualService binds to, as {@code namespace/name} or {@code mesh}. */
  public Set<String> gateways() {
    return gateways;
  }

  /** A host named in this VirtualService (destination, mirror), resolved in its namespace. */
  public String resolveHost(String host) {
    return HostNames.resolve(host, config.namespace(), domainSuffix);
  }

  /** A gateway reference in this VirtualService (spec or match level) as {@code namespace/name}. */
  public String resolveGateway(String gateway) {
    if (gateway.equals(MESH)) {
      return MESH;
    }
    int slash = gateway.indexOf('/');
    if (slash < 0) {
      return config.namespace() + "/" + gateway;
    }
    String ns = gateway.substring(0, slash);
    return (ns.equals(".") ? config.namespace() : ns) + gateway.substring(slash);
  }

  /** Whether a proxy in {@code namespace} may use this VirtualService (exportTo, default everywhere). */
  public boolean visibleFrom(String namespace) {
    List<String> exportTo = config.spec().exportTo();
    return exportTo.isEmpty() || exportTo.contains("*") || exportTo.contains(namespace)
        || (exportTo.contains(".") && config.namespace().equals(namespace));
  }

  @Override
  public String toString() {
    return "VirtualService " + config.namespace() + "/" + config.name();
  }
}

package dev.rigging.istiod.model;

import dev.rigging.mesh.api.security.PeerAuthentication;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code PeerAuthenticationIndex} finds the PeerAuthentications that apply to a workload the way
 * istiod does: the mesh-wide policy is the oldest one without selector in the root namespace, a
 * namespace-wide policy the oldest one without selector in its namespace, and a workload-level
 * policy the oldest one in the workload's namespace (never the root namespace) whose selector
 * matches the workload's labels. Younger competitors are ignored, as in Istio.
 */
final class PeerAuthenticationIndex {
  private final String rootNamespace;
  private final ConfigObject<PeerAuthentication> mesh;
  private final Map<String, ConfigObject<PeerAuthentication>> namespaceLevel;
  private final Map<String, List<ConfigObject<PeerAuthentication>>> workloadLevel;
  private final Map<ConfigKey, ConfigObject<PeerAuthentication>> byKey;

  private PeerAuthenticationIndex(String rootNamespace, ConfigObject<PeerAuthentication> mesh,
      Map<String, ConfigObject<PeerAuthentication>> namespaceLevel,
      Map<String, List<ConfigObject<PeerAuthentication>>> workloadLevel,
      Map<ConfigKey, ConfigObject<PeerAuthentication>> byKey) {
    this.rootNamespace = rootNamespace;
    this.mesh = mesh;
    this.namespaceLevel = namespaceLevel;
    this.workloadLevel = workloadLevel;
    this.byKey = byKey;
  }

  /** Indexes {@code ordered}, which must be in Istio's precedence order (oldest first). */
  static PeerAuthenticationIndex build(List<ConfigObject<PeerAuthentication>> ordered, String rootNamespace) {
    ConfigObject<PeerAuthentication> mesh = null;
    Map<String, ConfigObject<PeerAuthentication>> namespaceLevel = new HashMap<>();
    Map<String, List<ConfigObject<PeerAuthentication>>> workloadLevel = new HashMap<>();
    Map<ConfigKey, ConfigObject<PeerAuthentication>> byKey = new LinkedHashMap<>();
    for (ConfigObject<PeerAuthentication> o : ordered) {
      boolean selects = o.spec().selector() != null && !o.spec().selector().matchLabels().isEmpty();
      if (!selects && o.namespace().equals(rootNamespace)) {
        mesh = mesh == null ? o : mesh;
      } else if (!selects) {
        namespaceLevel.putIfAbsent(o.namespace(), o);
      } else if (!o.namespace().equals(rootNamespace)) {
        // Istio ignores selecting policies in the root namespace: they would select by labels
        // across every namespace, which the API does not define.
        workloadLevel.computeIfAbsent(o.namespace(), n -> new ArrayList<>()).add(o);
        byKey.put(o.key(), o);
      }
    }
    return new PeerAuthenticationIndex(rootNamespace, mesh, namespaceLevel, workloadLevel, byKey);
  }

  /** The workload-level policy for a workload in {@code namespace} with {@code labels}, or null. */
  ConfigKey workloadPolicy(String namespace, Map<String, String> labels) {
    for (ConfigObject<PeerAuthentication> o : workloadLevel.getOrDefault(namespace, List.of())) {
      if (o.spec().selector().matches(labels)) {
        return o.key();
      }
    }
    return null;
  }

  /** The policy in force in {@code namespace} with workload-level policy {@code workload} (may be null). */
  MergedPeerAuthentication compose(String namespace, ConfigKey workload) {
    MtlsMode mode = MtlsMode.PERMISSIVE;
    mode = inherit(mesh, mode);
    mode = inherit(namespace.equals(rootNamespace) ? null : namespaceLevel.get(namespace), mode);
    ConfigObject<PeerAuthentication> wl = workload == null ? null : byKey.get(workload);
    mode = inherit(wl, mode);
    Map<Integer, MtlsMode> ports = new HashMap<>();
    if (wl != null) {
      for (Map.Entry<Integer, PeerAuthentication.MutualTLS> e : wl.spec().portLevelMtlsOrEmpty().entrySet()) {
        MtlsMode port = MtlsMode.of(e.getValue());
        ports.put(e.getKey(), port == null ? mode : port);
      }
    }
    if (mode == MtlsMode.PERMISSIVE && ports.isEmpty()) {
      return MergedPeerAuthentication.DEFAULT;
    }
    return new MergedPeerAuthentication(mode, ports);
  }

  private static MtlsMode inherit(ConfigObject<PeerAuthentication> policy, MtlsMode parent) {
    MtlsMode own = policy == null ? null : MtlsMode.of(policy.spec().mtls());
    return own == null ? parent : own;
  }

  /**
   * Istio's namespace-level mode (its {@code GetNamespaceMutualTLSMode}): the namespace-wide
   * policy's mode ({@code UNSET} inherits the mesh-wide one, else PERMISSIVE), else the mesh-wide
   * policy's mode ({@code UNSET} is PERMISSIVE), else {@link MtlsMode#UNKNOWN}.
   */
  MtlsMode namespaceMode(String namespace) {
    MtlsMode global = mesh == null ? MtlsMode.UNKNOWN : orPermissive(MtlsMode.of(mesh.spec().mtls()));
    ConfigObject<PeerAuthentication> ns = namespace.equals(rootNamespace) ? null : namespaceLevel.get(namespace);
    if (ns == null) {
      return global;
    }
    MtlsMode own = MtlsMode.of(ns.spec().mtls());
    if (own != null) {
      return own;
    }
    return global == MtlsMode.UNKNOWN ? MtlsMode.PERMISSIVE : global;
  }

  private static MtlsMode orPermissive(MtlsMode m) {
    return m == null ? MtlsMode.PERMISSIVE : m;
  }
}

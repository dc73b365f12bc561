package dev.rigging.istiod.xds;

import dev.rigging.istiod.config.ConfigSnapshot;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.ProxyScope;
import dev.rigging.istiod.model.ProxyType;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.model.ResolvedVirtualService;
import dev.rigging.istiod.model.SidecarScope;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.RegistrySnapshot;
import dev.rigging.istiod.registry.ServicePort;
import dev.rigging.mesh.api.networking.VirtualService;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigObject;
import dev.rigging.mesh.config.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code VirtualServiceChange} is a config change that touches only mesh VirtualServices, and
 * tells which proxies it can affect, like Istio's {@code SidecarScope.DependsOnConfig}: a sidecar or
 * proxyless proxy is affected when the old or the new version of a changed VirtualService is
 * exported to its namespace and its Sidecar imports one of its hosts on some service port. Every
 * other proxy would be sent exactly the config it has, so a push may skip generating it.
 *
 * <p>Only changes that cannot reach a proxy any other way qualify: nothing but VirtualServices
 * changed (no registry, Sidecar, DestinationRule or Gateway change), and every changed
 * VirtualService, before and after, binds to the mesh only (gateways translate from other
 * indexes), has no {@code sourceLabels} (they are part of every proxy's scope) and no delegate.
 * Anything else is a full push.
 */
final class VirtualServiceChange {
  private final Set<ConfigKey> changed;

  private VirtualServiceChange(Set<ConfigKey> changed) {
    this.changed = Set.copyOf(changed);
  }

  /** The keys of the changed VirtualServices. */
  Set<ConfigKey> changed() {
    return changed;
  }

  /** The change from {@code before} to {@code after} if it qualifies, else null. */
  static VirtualServiceChange of(ConfigSnapshot before, ConfigSnapshot after, RegistrySnapshot regBefore,
      RegistrySnapshot regAfter) {
    if (!before.kubeServices().equals(after.kubeServices()) || !before.kubeEndpoints().equals(after.kubeEndpoints())
        || !before.kubeWorkloads().equals(after.kubeWorkloads()) || !sameRegistry(regBefore, regAfter)) {
      return null;
    }
    Set<ConfigKey> keys = new HashSet<>(before.configs().keySet());
    keys.addAll(after.configs().keySet());
    Set<ConfigKey> changed = new HashSet<>();
    for (ConfigKey k : keys) {
      ConfigObject<?> b = before.configs().get(k);
      ConfigObject<?> a = after.configs().get(k);
      if (Objects.equals(a, b)) {
        continue;
      }
      if (k.kind() != Kind.VIRTUAL_SERVICE || !qualifies(b) || !qualifies(a)) {
        return null;
      }
      changed.add(k);
    }
    return changed.isEmpty() ? null : new VirtualServiceChange(changed);
  }

  /** Whether two registries hold the same services with the same endpoints. */
  static boolean sameRegistry(RegistrySnapshot before, RegistrySnapshot after) {
    if (!before.services().equals(after.services())) {
      return false;
    }
    for (MeshService s : after.services()) {
      if (!before.endpoints(s.key()).equals(after.endpoints(s.key()))) {
        return false;
      }
    }
    return true;
  }

  /** Absent, or a mesh-only VirtualService without source selectors and delegates. */
  private static boolean qualifies(ConfigObject<?> o) {
    if (o == null) {
      return true;
    }
    VirtualService vs = o.as(VirtualService.class).spec();
    if (!vs.gateways().stream().allMatch(ResolvedVirtualService.MESH::equals)) {
      return false;
    }
    for (VirtualService.HTTPRoute r : vs.http()) {
      if (r.delegate() != null || r.match().stream().anyMatch(m -> !m.sourceLabels().isEmpty())) {
        return false;
      }
    }
    return vs.tcp().stream().allMatch(r -> r.match().stream().allMatch(m -> m.sourceLabels().isEmpty()))
        && vs.tls().stream().allMatch(r -> r.match().stream().allMatch(m -> m.sourceLabels().isEmpty()));
  }

  /**
   * Which proxies the change can affect, between the push contexts {@code previous} and
   * {@code next}. {@code egress} gives a scope's Sidecar view; only its egress imports are used,
   * which a VirtualService change cannot alter, so a view from an earlier push context is as good.
   */
  Affected affected(PushContext previous, PushContext next, Function<ProxyScope, SidecarScope> egress) {
    return new Affected(previous, next, egress);
  }

  /** The affected-proxy test of one push; remembers its answer per scope. */
  final class Affected {
    private final PushContext previous;
    private final PushContext next;
    private final Function<ProxyScope, SidecarScope> egress;
    private final Set<Integer> ports = new TreeSet<>();
    private final Map<String, List<ResolvedVirtualService>> visible = new HashMap<>();
    private final Map<ProxyScope, Boolean> byScope = new HashMap<>();

    private Affected(PushContext previous, PushContext next, Function<ProxyScope, SidecarScope> egress) {
      this.previous = previous;
      this.next = next;
      this.egress = egress;
      for (MeshService s : next.registry().services()) {
        for (ServicePort p : s.ports()) {
          ports.add(p.port());
        }
      }
    }

    /** Whether {@code proxy}'s config may differ after the change. Not thread-safe. */
    boolean test(Proxy proxy) {
      if (proxy.type() == ProxyType.ROUTER) {
        return false;
      }
      ProxyScope scope = next.scope(proxy);
      return byScope.computeIfAbsent(scope, this::imports);
    }

    private boolean imports(ProxyScope scope) {
      List<ResolvedVirtualService> vss = visible.computeIfAbsent(scope.namespace(), this::changedVisibleFrom);
      if (vss.isEmpty()) {
        return false;
      }
      SidecarScope sc = egress.apply(scope);
      for (ResolvedVirtualService vs : vss) {
        for (int port : ports) {
          if (sc.importsVirtualService(vs, port)) {
            return true;
          }
        }
      }
      return false;
    }

    /** The old and new versions of the changed VirtualServices that proxies in {@code namespace} may use. */
    private List<ResolvedVirtualService> changedVisibleFrom(String namespace) {
      List<ResolvedVirtualService> out = new ArrayList<>();
      for (PushContext ctx : List.of(previous, next)) {
        for (ResolvedVirtualService vs : ctx.virtualServices(ResolvedVirtualService.MESH, namespace)) {
          if (changed.contains(vs.config().key())) {
            out.add(vs);
          }
        }
      }
      return out;
    }
  }
}

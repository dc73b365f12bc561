package dev.rigging.istiod.model;

import dev.rigging.istiod.config.ConfigSnapshot;
import dev.rigging.istiod.registry.Endpoint;
import dev.rigging.istiod.registry.MeshService;
import dev.rigging.istiod.registry.RegistrySnapshot;
import dev.rigging.istiod.registry.ServiceKey;
import dev.rigging.istiod.registry.ServicePort;
import dev.rigging.mesh.api.networking.DestinationRule;
import dev.rigging.mesh.api.networking.Gateway;
import dev.rigging.mesh.api.networking.Sidecar;
import dev.rigging.mesh.api.networking.VirtualService;
import dev.rigging.mesh.api.security.AuthorizationPolicy;
import dev.rigging.mesh.api.security.PeerAuthentication;
import dev.rigging.mesh.api.security.RequestAuthentication;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigObject;
import dev.rigging.mesh.config.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code PushContext} is one immutable, indexed view of the whole mesh, built once per push and
 * shared by every proxy's generation.
 *
 * <p>{@link #build} precomputes the indexes translation queries (VirtualServices by gateway,
 * DestinationRules by namespace and host, Sidecars by namespace and selector, Gateways by selector,
 * PeerAuthentications by namespace and selector, AuthorizationPolicies and RequestAuthentications
 * by namespace, selector and target, endpoints by address). It also carries the JWKS keys the
 * control plane fetched, so that translation stays a pure function of the push context. {@link #memo}
 * lets translation compute a piece once per push for every
 * proxy that shares its inputs: identical proxies then receive the same protobuf instances, which
 * are serialized once.
 */
public final class PushContext {
  /** Istio's precedence among objects of one kind: oldest first, then by name and namespace. */
  private static final Comparator<ConfigObject<?>> CREATION_ORDER = Comparator
      .comparing((ConfigObject<?> o) -> Objects.requireNonNullElse(o.meta().creationTimestamp(), ""))
      .thenComparing(ConfigObject::name)
      .thenComparing(ConfigObject::namespace);

  private final long version;
  private final ConfigSnapshot config;
  private final RegistrySnapshot registry;
  private final MeshSettings mesh;
  private final Map<Object, Object> memo = new ConcurrentHashMap<>();
  private final VirtualServiceIndex virtualServices;
  private final DestinationRuleIndex destinationRules;
  private final SidecarIndex sidecars;
  private final GatewayIndex gateways;
  private final PeerAuthenticationIndex peerAuthentications;
  private final WorkloadPolicyIndex<AuthorizationPolicy> authorizationPolicies;
  private final WorkloadPolicyIndex<RequestAuthentication> requestAuthentications;
  private final JwksKeys jwks;
  private final Map<String, List<MeshService>> definitionsByHost;
  private final Map<String, List<InboundInstance>> instancesByAddress;
  private final boolean localitySensitive;

  private PushContext(long version, ConfigSnapshot config, RegistrySnapshot registry, MeshSettings mesh,
      JwksKeys jwks) {
    this.version = version;
    this.jwks = Objects.requireNonNull(jwks, "jwks");
    this.config = Objects.requireNonNull(config, "config");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.mesh = Objects.requireNonNull(mesh, "mesh");
    this.virtualServices = VirtualServiceIndex.build(ordered(Kind.VIRTUAL_SERVICE, VirtualService.class), mesh);
    this.destinationRules = DestinationRuleIndex.build(ordered(Kind.DESTINATION_RULE, DestinationRule.class), mesh);
    this.sidecars = SidecarIndex.build(ordered(Kind.SIDECAR, Sidecar.class), mesh.rootNamespace());
    this.gateways = GatewayIndex.build(ordered(Kind.GATEWAY, Gateway.class));
    this.peerAuthentications = PeerAuthenticationIndex.build(
        ordered(Kind.PEER_AUTHENTICATION, PeerAuthentication.class), mesh.rootNamespace());
    this.authorizationPolicies = new WorkloadPolicyIndex<>(ordered(Kind.AUTHORIZATION_POLICY,
        AuthorizationPolicy.class), mesh.rootNamespace(), AuthorizationPolicy::selector,
        p -> WorkloadPolicyIndex.refs(p.targetRef(), p.targetRefs()));
    this.requestAuthentications = new WorkloadPolicyIndex<>(ordered(Kind.REQUEST_AUTHENTICATION,
        RequestAuthentication.class), mesh.rootNamespace(), RequestAuthentication::selector,
        p -> WorkloadPolicyIndex.refs(p.targetRef(), p.targetRefs()));
    Map<String, List<MeshService>> hosts = new TreeMap<>();
    for (MeshService s : registry.services()) {
      hosts.computeIfAbsent(s.hostname(), registry::byHost);
    }
    this.definitionsByHost = hosts;
    Map<String, List<InboundInstance>> byAddress = new HashMap<>();
    for (MeshService s : registry.services()) {
      for (Endpoint e : registry.endpoints(s.key())) {
        Optional<ServicePort> port = s.port(e.servicePort());
        port.ifPresent(p -> byAddress.computeIfAbsent(e.address(), a -> new ArrayList<>())
            .add(new InboundInstance(s, p, e)));
      }
    }
    this.instancesByAddress = byAddress;
    this.localitySensitive = destinationRules.anyLocalitySensitive();
  }

  /** Builds the push context for {@code config} and {@code registry}, without fetched JWKS keys. */
  public static PushContext build(long version, ConfigSnapshot config, RegistrySnapshot registry, MeshSettings mesh) {
    return new PushContext(version, config, registry, mesh, JwksKeys.NONE);
  }

  /** Builds the push context for {@code config}, {@code registry} and the JWKS keys fetched for it. */
  public static PushContext build(long version, ConfigSnapshot config, RegistrySnapshot registry, MeshSettings mesh,
      JwksKeys jwks) {
    return new PushContext(version, config, registry, mesh, jwks);
  }

  private <T> List<ConfigObject<T>> ordered(Kind kind, Class<T> type) {
    List<ConfigObject<T>> l = new ArrayList<>(config.of(kind, type));
    l.sort(CREATION_ORDER);
    return l;
  }

  public long version() {
    return version;
  }

  public ConfigSnapshot config() {
    return config;
  }

  public RegistrySnapshot registry() {
    return registry;
  }

  public MeshSettings mesh() {
    return mesh;
  }

  /** Istio objects of one kind, sorted by key. */
  public <T> List<ConfigObject<T>> configs(Kind kind, Class<T> type) {
    return config.of(kind, type);
  }

  /**
   * The value for {@code key}, computed once per push. Keys must capture every input of the
   * computation (use records).
   */
  @SuppressWarnings("unchecked")
  public <T> T memo(Object key, Supplier<T> compute) {
    Object v = memo.get(key);
    if (v == null) {
      v = compute.get();
      Object prev = memo.putIfAbsent(key, v);
      if (prev != null) {
        v = prev;
      }
    }
    return (T) v;
  }

  private record ScopeKey(ProxyType type, String namespace, String dnsDomain, Map<String, String> labels) {}

  private record SidecarScopeKey(String namespace, Object sidecar) {}

  private record CandidatesKey(String namespace) {}

  private record VirtualServicesKey(String gateway, String namespace) {}

  private record PeerAuthenticationKey(String namespace, ConfigKey workloadPolicy) {}

  private record ServiceAccountsKey(ServiceKey service) {}

  private record ServiceMtlsKey(ServiceKey service, int port, boolean passthrough) {}

  private record WorkloadPoliciesKey(Kind kind, String namespace, Map<String, String> labels, Set<String> services) {}

  /** The scope of {@code proxy}: the same instance for every proxy with the same relevant inputs. */
  public ProxyScope scope(Proxy proxy) {
    String dnsDomain = proxy.dnsDomain() == null || proxy.dnsDomain().isBlank()
        ? proxy.namespace() + ".svc." + mesh.domainSuffix() : proxy.dnsDomain();
    return memo(new ScopeKey(proxy.type(), proxy.namespace(), dnsDomain, proxy.labels()), () -> {
      boolean router = proxy.type() == ProxyType.ROUTER;
      ConfigObject<Sidecar> sc = router ? null : sidecars.sidecarFor(proxy.namespace(), proxy.labels());
      return new ProxyScope(proxy.type(), proxy.namespace(), dnsDomain, sc == null ? null : sc.key(),
          destinationRules.selectingRules(proxy.namespace(), proxy.labels()),
          virtualServices.sourceSignature(proxy.labels()),
          router ? gateways.selecting(proxy.labels(), proxy.namespace(), mesh.scopeGatewayToNamespace())
              : List.of());
    });
  }

  /** The outbound view of proxies with {@code scope}. */
  public SidecarScope sidecarScope(ProxyScope scope) {
    return memo(new SidecarScopeKey(scope.namespace(), scope.sidecar()), () -> {
      ConfigObject<Sidecar> sc = scope.sidecar() == null ? null
          : config.configs().get(scope.sidecar()).as(Sidecar.class);
      return SidecarScope.build(scope.namespace(), sc, candidates(scope.namespace()), mesh);
    });
  }

  /** Per host, the definitions visible from {@code namespace}: its own first, then oldest first. */
  private Map<String, List<MeshService>> candidates(String namespace) {
    return memo(new CandidatesKey(namespace), () -> {
      Map<String, List<MeshService>> out = new TreeMap<>();
      definitionsByHost.forEach((host, defs) -> {
        List<MeshService> visible = new ArrayList<>();
        defs.stream().filter(s -> s.namespace().equals(namespace) && s.visibleFrom(namespace)).forEach(visible::add);
        defs.stream().filter(s -> !s.namespace().equals(namespace) && s.visibleFrom(namespace)).forEach(visible::add);
        if (!visible.isEmpty()) {
          out.put(host, List.copyOf(visible));
        }
      });
      return out;
    });
  }

  /** The definition of {@code host} a proxy in {@code namespace} uses, if it may see one. */
  public Optional<MeshService> service(String host, String namespace) {
    List<MeshService> defs = candidates(namespace).get(host);
    return defs == null ? Optional.empty() : Optional.of(defs.get(0));
  }

  /** Every definition of {@code host} visible from {@code namespace}: its own first, then oldest first. */
  public List<MeshService> serviceDefinitions(String host, String namespace) {
    return candidates(namespace).getOrDefault(host, List.of());
  }

  /** The DestinationRule that applies to {@code service} for proxies with {@code scope}, or null. */
  public ResolvedDestinationRule destinationRule(ProxyScope scope, MeshService service) {
    return destinationRules.lookup(scope.namespace(), scope.selectedDestinationRules(), service);
  }

  /** VirtualServices bound to {@code gateway} ({@code mesh} or {@code ns/name}) and exported to {@code namespace}. */
  public List<ResolvedVirtualService> virtualServices(String gateway, String namespace) {
    return memo(new VirtualServicesKey(gateway, namespace),
        () -> virtualServices.forGateway(gateway).stream().filter(v -> v.visibleFrom(namespace)).toList());
  }

  /** Whether a VirtualService match's {@code sourceLabels} select proxies with {@code scope}. */
  public boolean sourceLabelsMatch(ProxyScope scope, Map<String, String> sourceLabels) {
    return virtualServices.sourceMatches(scope.sourceMatches(), sourceLabels);
  }

  /**
   * The PeerAuthentication in force for a workload in {@code namespace} with {@code labels}: the
   * same instance for every workload that the same policies select.
   */
  public MergedPeerAuthentication peerAuthentication(String namespace, Map<String, String> labels) {
    ConfigKey workload = peerAuthentications.workloadPolicy(namespace, labels);
    return memo(new PeerAuthenticationKey(namespace, workload),
        () -> peerAuthentications.compose(namespace, workload));
  }

  /**
   * The mode namespace-wide and mesh-wide PeerAuthentications give {@code namespace}, ignoring
   * workload-level ones; {@link MtlsMode#UNKNOWN} when neither exists. Clients use it as Istio does,
   * as a best-effort hint of what a service's workloads accept.
   */
  public MtlsMode namespaceMtlsMode(String namespace) {
    return peerAuthentications.namespaceMode(namespace);
  }

  /**
   * The identities {@code service}'s workloads present, sorted, as Istio computes them for
   * subject alt name checks: the SPIFFE URI of every endpoint's service account (all ports) and the
   * ServiceEntry's {@code subjectAltNames}.
   */
  public List<String> serviceAccounts(MeshService service) {
    return memo(new ServiceAccountsKey(service.key()), () -> {
      java.util.TreeSet<String> out = new java.util.TreeSet<>(service.subjectAltNames());
      for (Endpoint e : registry.endpoints(service.key())) {
        if (!e.serviceAccount().isEmpty()) {
          out.add(new SpiffeIdentity(mesh.trustDomain(), service.namespace(), e.serviceAccount()).uri());
        }
      }
      return List.copyOf(out);
    });
  }

  /**
   * Istio's best-effort guess of what {@code service}'s workloads accept on service port {@code port}
   * (its {@code BestEffortInferServiceMTLSMode}), the hint auto-mTLS clients follow: UNKNOWN for
   * services outside the mesh; for passthrough traffic ({@code passthrough}: headless services or a
   * {@code PASSTHROUGH} load balancer) DISABLE unless every endpoint takes Istio mTLS; else the
   * namespace-level mode, PERMISSIVE when there is none. Workload-level policies are not consulted:
   * a client cannot know which workload it will reach.
   */
  public MtlsMode serviceMtlsMode(MeshService service, int port, boolean passthrough) {
    if (service.external()) {
      return MtlsMode.UNKNOWN;
    }
    return memo(new ServiceMtlsKey(service.key(), port, passthrough), () -> {
      if (passthrough || service.resolution() == MeshService.Resolution.PASSTHROUGH) {
        List<Endpoint> endpoints = registry.endpoints(service.key(), port);
        if (endpoints.isEmpty()
            || endpoints.stream().anyMatch(e -> e.tlsMode().equals(Endpoint.TLS_MODE_DISABLED))) {
          return MtlsMode.DISABLE;
        }
      }
      MtlsMode namespace = namespaceMtlsMode(service.namespace());
      return namespace == MtlsMode.UNKNOWN ? MtlsMode.PERMISSIVE : namespace;
    });
  }

  /**
   * The AuthorizationPolicies that apply to a port of a workload in {@code namespace} with
   * {@code labels}, where the port serves {@code services} (registry origins such as
   * {@code Service shop/reviews}; empty for ports no service declares), oldest first.
   */
  public List<ConfigObject<AuthorizationPolicy>> authorizationPolicies(String namespace, Map<String, String> labels,
      Set<String> services) {
    return memo(new WorkloadPoliciesKey(Kind.AUTHORIZATION_POLICY, namespace, labels, services),
        () -> authorizationPolicies.forWorkload(namespace, labels, services));
  }

  /** The RequestAuthentications that apply to a port, selected like {@link #authorizationPolicies}. */
  public List<ConfigObject<RequestAuthentication>> requestAuthentications(String namespace,
      Map<String, String> labels, Set<String> services) {
    return memo(new WorkloadPoliciesKey(Kind.REQUEST_AUTHENTICATION, namespace, labels, services),
        () -> requestAuthentications.forWorkload(namespace, labels, services));
  }

  /** The JWKS keys the control plane fetched for this push. */
  public JwksKeys jwks() {
    return jwks;
  }

  /** The Gateway named {@code namespace/name}, or null. */
  public ConfigObject<Gateway> gateway(String name) {
    return gateways.get(name);
  }

  /** Service ports whose endpoints are at one of {@code addresses}, by service host then port. */
  public List<InboundInstance> inboundInstances(List<String> addresses) {
    List<InboundInstance> out = new ArrayList<>();
    for (String a : addresses) {
      out.addAll(instancesByAddress.getOrDefault(a, List.of()));
    }
    out.sort(Comparator.comparing((InboundInstance i) -> i.service().hostname())
        .thenComparing(i -> i.service().namespace()).thenComparingInt(i -> i.servicePort().port()));
    return out;
  }

  /**
   * Whether some DestinationRule uses outlier detection or locality settings: then endpoint
   * priorities and weights depend on the proxy's locality.
   */
  public boolean localitySensitive() {
    return localitySensitive;
  }
}

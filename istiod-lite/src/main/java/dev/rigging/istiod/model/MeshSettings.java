package dev.rigging.istiod.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code MeshSettings} is the part of Istio's MeshConfig that translation needs.
 *
 * @param rootNamespace config here applies mesh-wide (Istio's {@code rootNamespace}, default {@code istio-system})
 * @param domainSuffix Kubernetes cluster domain, default {@code cluster.local}
 * @param trustDomain SPIFFE trust domain, default {@code cluster.local}
 * @param allowAnyOutbound {@code outboundTrafficPolicy.mode: ALLOW_ANY} (Istio's default) versus REGISTRY_ONLY
 * @param connectTimeoutMillis default upstream connect timeout (Istio: 10 s)
 * @param enableAutoMtls Istio's {@code enableAutoMtls} (default true): sidecars and gateways use
 *     mutual TLS towards in-mesh endpoints that carry {@code security.istio.io/tlsMode: istio}
 *     when no DestinationRule sets TLS
 * @param scopeGatewayToNamespace a gateway proxy takes only the Gateways of its own namespace (Istio's
 *     {@code PILOT_SCOPE_GATEWAY_TO_NAMESPACE}; Rigging turns it on by default so that a Gateway in an
 *     application namespace cannot configure a shared ingress gateway)
 * @param pathNormalization Istio's {@code pathNormalization}: how Envoy normalizes request paths
 *     before authorization and routing (default {@link PathNormalization#BASE})
 * @param extensionProviders Istio's {@code extensionProviders}: the external authorizers CUSTOM
 *     AuthorizationPolicies can name
 */
public record MeshSettings(
    String rootNamespace,
    String domainSuffix,
    String trustDomain,
    boolean allowAnyOutbound,
    long connectTimeoutMillis,
    boolean enableAutoMtls,
    boolean scopeGatewayToNamespace,
    PathNormalization pathNormalization,
    List<ExtensionProvider> extensionProviders) {

  public static final MeshSettings DEFAULT =
      new MeshSettings("istio-system", "cluster.local", "cluster.local", true, 10_000, true, true);

  public MeshSettings {
    Objects.requireNonNull(rootNamespace, "rootNamespace");
    Objects.requireNonNull(domainSuffix, "domainSuffix");
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(pathNormalization, "pathNormalization");
    extensionProviders = List.copyOf(extensionProviders);
  }

  /** Settings with Istio's defaults for path normalization (BASE) and no extension providers. */
  public MeshSettings(String rootNamespace, String domainSuffix, String trustDomain, boolean allowAnyOutbound,
      long connectTimeoutMillis, boolean enableAutoMtls, boolean scopeGatewayToNamespace) {
    this(rootNamespace, domainSuffix, trustDomain, allowAnyOutbound, connectTimeoutMillis, enableAutoMtls,
        scopeGatewayToNamespace, PathNormalization.BASE, List.of());
  }

  /** These settings with another path normalization. */
  public MeshSettings withPathNormalization(PathNormalization normalization) {
    return new MeshSettings(rootNamespace, domainSuffix, trustDomain, allowAnyOutbound, connectTimeoutMillis,
        enableAutoMtls, scopeGatewayToNamespace, normalization, extensionProviders);
  }

  /** These settings with other extension providers. */
  public MeshSettings withExtensionProviders(List<ExtensionProvider> providers) {
    return new MeshSettings(rootNamespace, domainSuffix, trustDomain, allowAnyOutbound, connectTimeoutMillis,
        enableAutoMtls, scopeGatewayToNamespace, pathNormalization, providers);
  }

  /** The extension provider named {@code name}, if MeshConfig defines it. */
  public Optional<ExtensionProvider> extensionProvider(String name) {
    return extensionProviders.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}

package dev.rigging.istiod.networking;

import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;

/**
 * {@code SdsSecrets} names the secrets Envoy fetches over SDS, in Istio's shapes: the workload
 * certificate {@value #WORKLOAD_CERT} and trust bundle {@value #ROOT_CA}, and secrets for files
 * mounted in the pod, all served by pilot-agent on the {@value #SDS_CLUSTER} cluster of the Envoy
 * bootstrap; and {@code credentialName} secrets, served by istiod over ADS.
 */
final class SdsSecrets {
  /** The bootstrap cluster through which pilot-agent serves SDS. */
  static final String SDS_CLUSTER = "sds-grpc";
  static final String WORKLOAD_CERT = "default";
  static final String ROOT_CA = "ROOTCA";
  /** The suffix of the trust-bundle secret of a credential. */
  static final String CA_SUFFIX = "-cacert";
  private static final String KUBERNETES = "kubernetes://";
  private static final String BUILTIN = "builtin://";

  /**
   * The workload certificate. Istio waits for it without an initial fetch timeout: a listener or
   * cluster without its certificate is useless, so Envoy should not warm it without.
   */
  static final SdsSecretConfig DEFAULT = agent(WORKLOAD_CERT, true);
  /** The mesh trust bundle, fetched like the workload certificate. */
  static final SdsSecretConfig ROOTCA = agent(ROOT_CA, true);

  /**
   * istiod's SDS over ADS for credentials. Istio sets no initial fetch timeout here on purpose: a
   * credential may name a secret that does not exist, which must not block the whole cluster.
   */
  private static final ConfigSource ADS = ConfigSource.newBuilder()
      .setAds(AggregatedConfigSource.getDefaultInstance())
      .setResourceApiVersion(ApiVersion.V3)
      .build();

  private SdsSecrets() {}

  /** A secret pilot-agent reads from files in the pod ({@code file-cert:…}, {@code file-root:…}). */
  static SdsSecretConfig file(String resourceName) {
    return agent(resourceName, false);
  }

  /**
   * The secret of {@code credentialName}: {@code kubernetes://NAME} unless a type is given
   * ({@code kubernetes://}, {@code kubernetes-gateway://}, {@code configmap://}); {@code builtin://}
   * names the workload's own certificate and trust bundle.
   */
  static SdsSecretConfig credential(String credentialName) {
    if (credentialName.startsWith(BUILTIN)) {
      return credentialName.endsWith(CA_SUFFIX) ? ROOTCA : DEFAULT;
    }
    return SdsSecretConfig.newBuilder().setName(resourceName(credentialName)).setSdsConfig(ADS).build();
  }

  /** Whether reading {@code credentialName} needs access to Secrets (ConfigMaps are readable by all). */
  static boolean isPrivileged(String credentialName) {
    return credentialName != null && !credentialName.isEmpty() && !credentialName.startsWith("configmap://");
  }

  private static String resourceName(String credentialName) {
    if (credentialName.startsWith(KUBERNETES) || credentialName.startsWith("kubernetes-gateway://")
        || credentialName.startsWith("configmap://")) {
      return credentialName;
    }
    return KUBERNETES + credentialName;
  }

  private static SdsSecretConfig agent(String name, boolean noInitialFetchTimeout) {
    ConfigSource.Builder source = ConfigSource.newBuilder()
        .setApiConfigSource(ApiConfigSource.newBuilder()
            .setApiType(ApiConfigSource.ApiType.GRPC)
            .setSetNodeOnFirstMessageOnly(true)
            .setTransportApiVersion(ApiVersion.V3)
            .addGrpcServices(GrpcService.newBuilder()
                .setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder().setClusterName(SDS_CLUSTER))))
        .setResourceApiVersion(ApiVersion.V3);
    if (noInitialFetchTimeout) {
      source.setInitialFetchTimeout(Protos.ZERO);
    }
    return SdsSecretConfig.newBuilder().setName(name).setSdsConfig(source).build();
  }
}

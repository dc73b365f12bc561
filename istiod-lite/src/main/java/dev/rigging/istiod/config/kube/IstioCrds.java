package dev.rigging.istiod.config.kube;

import dev.rigging.mesh.config.Kind;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.HttpURLConnection;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code IstioCrds} names the Istio custom resources Rigging watches and checks, through API
 * discovery, that the cluster serves them at the version Rigging reads.
 */
final class IstioCrds {
  /** The version informers list and watch; every Istio release since 1.22 serves it. */
  static final String VERSION = "v1";

  private IstioCrds() {}

  static ResourceDefinitionContext context(Kind kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(kind.group())
        .withVersion(VERSION)
        .withKind(kind.kindName())
        .withPlural(kind.plural())
        .withNamespaced(true)
        .build();
  }

  /** The CRD name, e.g. {@code virtualservices.networking.istio.io}. */
  static String crdName(Kind kind) {
    return kind.plural() + "." + kind.group();
  }

  /**
   * The kinds the API server does not serve at {@code networking.istio.io/v1}. Discovery is readable
   * by every authenticated client, so this needs no RBAC beyond what the informers need.
   *
   * @throws KubernetesClientException when the API server cannot be asked
   */
  static List<Kind> missing(KubernetesClient client) {
    APIResourceList served;
    try {
      served = client.getApiResources(Kind.NETWORKING_GROUP + "/" + VERSION);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
      served = null;
    }
    Set<String> plurals = served == null ? Set.of()
        : served.getResources().stream().map(APIResource::getName).collect(Collectors.toSet());
    return Arrays.stream(Kind.values()).filter(k -> !plurals.contains(k.plural())).toList();
  }

  /** What to tell an operator whose cluster lacks {@code missing}. */
  static String missingMessage(List<Kind> missing, String server) {
    return "Istio CRDs not served at " + Kind.NETWORKING_GROUP + "/" + VERSION + " by " + server + ": "
        + missing.stream().map(IstioCrds::crdName).collect(Collectors.joining(", "))
        + ". Install Istio's CRDs (Istio 1.22 or later) before starting istiod-lite, e.g. "
        + "'helm install istio-base istio/base -n istio-system --create-namespace' "
        + "or 'kubectl apply --server-side -f' the CRDs shipped in mesh-core under crds/.";
  }
}

package dev.rigging.istiod.config.kube;

import dev.rigging.mesh.config.Kind;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.HttpURLConnection;
import java.util.Arrays;
import java.util.HashSet;
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
   * The kinds the API server does not serve at {@code <group>/v1}, asking discovery once per API
   * group. Discovery is readable by every authenticated client, so this needs no RBAC beyond what
   * the informers need.
   *
   * @throws KubernetesClientException when the API server cannot be asked
   */
  static List<Kind> missing(KubernetesClient client) {
    Set<String> served = new HashSet<>();
    for (String group : Arrays.stream(Kind.values()).map(Kind::group).distinct().toList()) {
      APIResourceList resources;
      try {
        resources = client.getApiResources(group + "/" + VERSION);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
        resources = null;
      }
      if (resources != null) {
        resources.getResources().forEach(r -> served.add(r.getName() + "." + group));
      }
    }
    return Arrays.stream(Kind.values()).filter(k -> !served.contains(crdName(k))).toList();
  }

  /** What to tell an operator whose cluster lacks {@code missing}. */
  static String missingMessage(List<Kind> missing, String server) {
    return "Istio CRDs not served at "
        + missing.stream().map(k -> k.group() + "/" + VERSION).distinct().collect(Collectors.joining(", "))
        + " by " + server + ": "
        + missing.stream().map(IstioCrds::crdName).collect(Collectors.joining(", "))
        + ". Install Istio's CRDs (Istio 1.22 or later) before starting istiod-lite, e.g. "
        + "'helm install istio-base istio/base -n istio-system --create-namespace' "
        + "or 'kubectl apply --server-side -f' the CRDs shipped in mesh-core under crds/.";
  }
}

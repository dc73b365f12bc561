package dev.rigging.istiod.webhook.inject;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * {@code IstioVolumes} are the volumes Istio's templates add and where pilot-agent expects them:
 * the projected service-account token for the CA (audience {@code istio-ca}), the mesh roots from
 * ConfigMap {@code istio-ca-root-cert}, Envoy's bootstrap and SDS socket directory, pilot-agent's
 * data, the pod's labels and annotations, and the SPIFFE workload API directories pilot-agent
 * creates its sockets in (the proxy's root file system is read-only).
 */
final class IstioVolumes {
  static final String WORKLOAD_SOCKET = "workload-socket";
  static final String CREDENTIAL_SOCKET = "credential-socket";
  static final String WORKLOAD_CERTS = "workload-certs";
  static final String ISTIO_ENVOY = "istio-envoy";
  static final String ISTIO_DATA = "istio-data";
  static final String ISTIO_PODINFO = "istio-podinfo";
  static final String ISTIO_TOKEN = "istio-token";
  static final String ISTIOD_CA_CERT = "istiod-ca-cert";
  static final String ISTIO_XDS = "istio-xds";

  static final String TOKEN_DIR = "/var/run/secrets/tokens";
  static final String CA_CERT_DIR = "/var/run/secrets/istio";
  static final String DATA_DIR = "/var/lib/istio/data";
  static final String PROXY_DIR = "/etc/istio/proxy";
  static final String PODINFO_DIR = "/etc/istio/pod";
  /** The token audience Istio's CA (and Rigging's) verifies. */
  static final String TOKEN_AUDIENCE = "istio-ca";
  static final long TOKEN_EXPIRATION_SECONDS = 43200;

  private IstioVolumes() {}

  static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  static Volume memoryDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().withMedium("Memory").endEmptyDir().build();
  }

  static Volume podInfo() {
    return new VolumeBuilder().withName(ISTIO_PODINFO).withNewDownwardAPI()
        .addNewItem().withPath("labels").withNewFieldRef().withFieldPath("metadata.labels").endFieldRef().endItem()
        .addNewItem().withPath("annotations").withNewFieldRef().withFieldPath("metadata.annotations").endFieldRef()
        .endItem()
        .endDownwardAPI().build();
  }

  static Volume token() {
    return new VolumeBuilder().withName(ISTIO_TOKEN).withNewProjected().addNewSource().withNewServiceAccountToken()
        .withAudience(TOKEN_AUDIENCE).withExpirationSeconds(TOKEN_EXPIRATION_SECONDS).withPath(ISTIO_TOKEN)
        .endServiceAccountToken().endSource().endProjected().build();
  }

  static Volume caCert() {
    return new VolumeBuilder().withName(ISTIOD_CA_CERT).withNewConfigMap().withName("istio-ca-root-cert")
        .endConfigMap().build();
  }

  static VolumeMount mount(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).build();
  }

  static VolumeMount readOnly(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(true).build();
  }
}

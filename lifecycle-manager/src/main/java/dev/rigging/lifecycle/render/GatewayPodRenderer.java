package dev.rigging.lifecycle.render;

import dev.rigging.lifecycle.spec.InstallSpec;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GatewayPodRenderer} renders the pod of an Istio gateway: the upstream proxyv2 image of the
 * catalog version running {@code proxy router}, bootstrapped against this revision's istiod-lite
 * (discovery and CA on 15012) with a projected service-account token (audience {@code istio-ca}),
 * the mesh root certificate from {@code istio-ca-root-cert}, and Istio's gateway ports and probes.
 */
final class GatewayPodRenderer {
  static final int STATUS_PORT = 15021;

  private GatewayPodRenderer() {}

  static PodSpec render(RenderTarget t, InstallSpec.Gateway g, boolean ingress) {
    RevisionNames n = t.names();
    String discovery = n.discoveryAddress();
    List<EnvVar> env = new ArrayList<>(List.of(
        IstiodDeploymentRenderer.value("JWT_POLICY", "third-party-jwt"),
        IstiodDeploymentRenderer.value("PILOT_CERT_PROVIDER", "istiod"),
        IstiodDeploymentRenderer.value("CA_ADDR", discovery),
        IstiodDeploymentRenderer.field("NODE_NAME", "spec.nodeName"),
        IstiodDeploymentRenderer.field("POD_NAME", "metadata.name"),
        IstiodDeploymentRenderer.field("POD_NAMESPACE", "metadata.namespace"),
        IstiodDeploymentRenderer.field("INSTANCE_IP", "status.podIP"),
        IstiodDeploymentRenderer.field("HOST_IP", "status.hostIP"),
        IstiodDeploymentRenderer.field("SERVICE_ACCOUNT", "spec.serviceAccountName"),
        IstiodDeploymentRenderer.value("ISTIO_META_WORKLOAD_NAME", g.name()),
        IstiodDeploymentRenderer.value("ISTIO_META_OWNER",
            "kubernetes://apis/apps/v1/namespaces/" + t.namespace() + "/deployments/" + g.name()),
        IstiodDeploymentRenderer.value("ISTIO_META_MESH_ID", t.spec().meshConfig().trustDomain()),
        IstiodDeploymentRenderer.value("TRUST_DOMAIN", t.spec().meshConfig().trustDomain()),
        IstiodDeploymentRenderer.value("ISTIO_META_UNPRIVILEGED_POD", "true"),
        IstiodDeploymentRenderer.value("ISTIO_META_CLUSTER_ID", "Kubernetes"),
        IstiodDeploymentRenderer.value("PROXY_CONFIG", "{\"discoveryAddress\":\"" + discovery + "\"}")));
    List<ContainerPort> ports = new ArrayList<>();
    if (ingress) {
      ports.add(port("status-port", STATUS_PORT));
    }
    ports.add(port("http2", 8080));
    ports.add(port("https", 8443));
    ports.add(port("http-envoy-prom", 15090));
    String priorityClass = t.spec().values().global().priorityClassName();
    return new PodSpecBuilder()
        .withServiceAccountName(g.name() + "-service-account")
        .withPriorityClassName(priorityClass == null || priorityClass.isEmpty() ? null : priorityClass)
        // Binding 80/443 inside the pod without root: the gateway listens on 8080/8443, and this
        // sysctl lets it bind low ports if a Gateway asks for them.
        .withNewSecurityContext().addNewSysctl().withName("net.ipv4.ip_unprivileged_port_start").withValue("0")
        .endSysctl().endSecurityContext()
        .addNewContainer()
        .withName("istio-proxy")
        .withImage(t.images().proxy())
        .withImagePullPolicy(t.spec().values().global().imagePullPolicy())
        .withArgs("proxy", "router", "--domain", "$(POD_NAMESPACE).svc.cluster.local", "--proxyLogLevel=warning",
            "--proxyComponentLogLevel=misc:error", "--log_output_level=default:info")
        .withEnv(env)
        .withPorts(ports)
        .withNewReadinessProbe().withNewHttpGet().withPath("/healthz/ready").withPort(new IntOrString(STATUS_PORT))
        .endHttpGet().withInitialDelaySeconds(1).withPeriodSeconds(2).withFailureThreshold(30).endReadinessProbe()
        .withResources(IstiodDeploymentRenderer.resources(g.k8s().resources()))
        .withNewSecurityContext().withRunAsUser(1337L).withRunAsGroup(1337L).withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
        .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
        .withVolumeMounts(mounts())
        .endContainer()
        .withVolumes(volumes())
        .build();
  }

  private static ContainerPort port(String name, int port) {
    return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
  }

  private static List<VolumeMount> mounts() {
    return List.of(
        mount("workload-socket", "/var/run/secrets/workload-spiffe-uds", false),
        mount("credential-socket", "/var/run/secrets/credential-uds", false),
        mount("workload-certs", "/var/run/secrets/workload-spiffe-credentials", false),
        mount("istio-envoy", "/etc/istio/proxy", false),
        mount("istio-data", "/var/lib/istio/data", false),
        mount("podinfo", "/etc/istio/pod", false),
        mount("istio-token", "/var/run/secrets/tokens", true),
        mount("istiod-ca-cert", "/var/run/secrets/istio", true));
  }

  private static VolumeMount mount(String name, String path, boolean readOnly) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(readOnly ? true : null).build();
  }

  private static List<Volume> volumes() {
    List<Volume> v = new ArrayList<>();
    for (String empty : List.of("workload-socket", "credential-socket", "workload-certs", "istio-envoy", "istio-data")) {
      v.add(new VolumeBuilder().withName(empty).withNewEmptyDir().endEmptyDir().build());
    }
    v.add(new VolumeBuilder().withName("podinfo").withNewDownwardAPI()
        .addNewItem().withPath("labels").withNewFieldRef().withFieldPath("metadata.labels").endFieldRef().endItem()
        .addNewItem().withPath("annotations").withNewFieldRef().withFieldPath("metadata.annotations").endFieldRef()
        .endItem().endDownwardAPI().build());
    v.add(new VolumeBuilder().withName("istio-token").withNewProjected().addNewSource().withNewServiceAccountToken()
        .withAudience("istio-ca").withExpirationSeconds(43200L).withPath("istio-token").endServiceAccountToken()
        .endSource().endProjected().build());
    v.add(new VolumeBuilder().withName("istiod-ca-cert").withNewConfigMap().withName("istio-ca-root-cert")
        .endConfigMap().build());
    return v;
  }
}

package dev.rigging.istiod.webhook.inject;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GrpcAgentTemplate} is Istio's {@code grpc-agent} template for proxyless gRPC pods, with
 * Rigging's workload agent ({@code dev.rigging.ca.agent.WorkloadAgentMain}) in the place of
 * pilot-agent: an {@code istio-proxy} container that gets the pod's SPIFFE certificate from the CA
 * with the projected {@code istio-ca} token, keeps it renewed, and writes the gRPC xDS bootstrap;
 * and, in every application container, {@code GRPC_XDS_BOOTSTRAP} and the volumes holding the
 * bootstrap and the certificates. There is no Envoy and no traffic redirection.
 *
 * <p>As a native sidecar the agent starts before the applications and its startup probe passes only
 * once the bootstrap exists, so an application never starts without it. Without native sidecars
 * the agent is an ordinary container and applications must tolerate the bootstrap appearing
 * shortly after they start.
 */
final class GrpcAgentTemplate implements InjectionTemplate {
  static final String NAME = "grpc-agent";
  static final String BOOTSTRAP = IstioVolumes.PROXY_DIR + "/grpc-bootstrap.json";
  static final String BOOTSTRAP_ENV = "GRPC_XDS_BOOTSTRAP";
  static final String SECURITY_ENV = "GRPC_XDS_EXPERIMENTAL_SECURITY_SUPPORT";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean envoy() {
    return false;
  }

  @Override
  public Added apply(Pod pod, List<String> appContainers, PodOptions o, InjectionSettings s) {
    PodMetadata.canonicalLabels(pod.getMetadata(), o.owner());
    PodMetadata.annotations(pod.getMetadata(), appContainers, s.istiod().revision());
    // Nothing on the pod answers on the status port: the kubelet must keep probing the applications.
    PodMetadata.annotations(pod.getMetadata()).put(IstioAnnotations.REWRITE_PROBES, "false");
    for (Container app : pod.getSpec().getContainers()) {
      if (appContainers.contains(app.getName())) {
        addIfAbsent(app.getEnv(), ProxyEnvironment.value(SECURITY_ENV, "true"));
        addIfAbsent(app.getEnv(), ProxyEnvironment.value(BOOTSTRAP_ENV, BOOTSTRAP));
        addMountIfAbsent(app.getVolumeMounts(), IstioVolumes.readOnly(IstioVolumes.ISTIO_DATA, IstioVolumes.DATA_DIR));
        addMountIfAbsent(app.getVolumeMounts(), IstioVolumes.readOnly(IstioVolumes.ISTIO_XDS, IstioVolumes.PROXY_DIR));
      }
    }
    Container agent = agent(pod, o, s);
    List<String> inits = new ArrayList<>();
    List<String> containers = new ArrayList<>();
    if (o.nativeSidecar()) {
      pod.getSpec().getInitContainers().add(agent);
      inits.add(SidecarTemplate.PROXY);
    } else {
      pod.getSpec().getContainers().add(agent);
      containers.add(SidecarTemplate.PROXY);
    }
    List<Volume> volumes = List.of(IstioVolumes.memoryDir(IstioVolumes.ISTIO_XDS),
        IstioVolumes.emptyDir(IstioVolumes.ISTIO_DATA), IstioVolumes.podInfo(), IstioVolumes.token(),
        IstioVolumes.caCert());
    pod.getSpec().getVolumes().addAll(volumes);
    return new Added(inits, containers, volumes.stream().map(Volume::getName).toList());
  }

  private static Container agent(Pod pod, PodOptions o, InjectionSettings s) {
    List<String> args = new ArrayList<>(List.of(
        "--pod", "$(POD_NAME)", "--namespace", "$(POD_NAMESPACE)", "--ip", "$(INSTANCE_IP)",
        "--ca-address", s.caAddress(), "--ca-authority", s.istiod().host(),
        "--ca-root-file", IstioVolumes.CA_CERT_DIR + "/root-cert.pem",
        "--token-file", IstioVolumes.TOKEN_DIR + "/" + IstioVolumes.ISTIO_TOKEN,
        "--cluster-id", s.clusterId(),
        "--xds-address", s.istiod().plaintextXdsAddress(),
        "--output-dir", IstioVolumes.DATA_DIR,
        "--bootstrap-file", BOOTSTRAP));
    // The node metadata carries the labels the pod is created with (LABELS), as workload selectors need.
    Map<String, String> labels = new TreeMap<>(PodMetadata.labels(pod.getMetadata()));
    labels.forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
    ContainerBuilder c = new ContainerBuilder().withName(SidecarTemplate.PROXY).withImage(s.grpcAgentImage())
        .withArgs(args)
        .withEnv(ProxyEnvironment.identity())
        .withImagePullPolicy(s.imagePullPolicy())
        .withResources(o.resources())
        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL")
        .endCapabilities().withReadOnlyRootFilesystem(true).withRunAsNonRoot(true).endSecurityContext()
        .withVolumeMounts(
            IstioVolumes.mount(IstioVolumes.ISTIOD_CA_CERT, IstioVolumes.CA_CERT_DIR),
            IstioVolumes.mount(IstioVolumes.ISTIO_DATA, IstioVolumes.DATA_DIR),
            IstioVolumes.mount(IstioVolumes.ISTIO_XDS, IstioVolumes.PROXY_DIR),
            IstioVolumes.mount(IstioVolumes.ISTIO_TOKEN, IstioVolumes.TOKEN_DIR),
            IstioVolumes.mount(IstioVolumes.ISTIO_PODINFO, IstioVolumes.PODINFO_DIR))
        // The agent has no HTTP port: it is started once its bootstrap file exists.
        .withStartupProbe(new ProbeBuilder().withNewExec().withCommand("test", "-s", BOOTSTRAP).endExec()
            .withPeriodSeconds(1).withTimeoutSeconds(3).withFailureThreshold(600).build());
    if (o.nativeSidecar()) {
      c.withRestartPolicy("Always");
    }
    return c.build();
  }

  private static void addIfAbsent(List<EnvVar> env, EnvVar v) {
    if (env.stream().noneMatch(e -> e.getName().equals(v.getName()))) {
      env.add(v);
    }
  }

  private static void addMountIfAbsent(List<VolumeMount> mounts, VolumeMount m) {
    if (mounts.stream().noneMatch(e -> e.getName().equals(m.getName()) || e.getMountPath().equals(m.getMountPath()))) {
      mounts.add(m);
    }
  }

  /** Removes what {@link #apply} added to an application container (for re-injection). */
  static void strip(Container app) {
    app.getEnv().removeIf(e -> (e.getName().equals(BOOTSTRAP_ENV) && BOOTSTRAP.equals(e.getValue()))
        || (e.getName().equals(SECURITY_ENV) && "true".equals(e.getValue())));
    app.getVolumeMounts().removeIf(m -> (m.getName().equals(IstioVolumes.ISTIO_DATA)
        && m.getMountPath().equals(IstioVolumes.DATA_DIR))
        || (m.getName().equals(IstioVolumes.ISTIO_XDS) && m.getMountPath().equals(IstioVolumes.PROXY_DIR)));
  }
}

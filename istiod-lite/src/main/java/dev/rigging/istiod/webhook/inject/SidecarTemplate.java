package dev.rigging.istiod.webhook.inject;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SidecarTemplate} is Istio's {@code sidecar} template, built in Java: the {@code istio-init}
 * container that redirects the pod's traffic with {@code istio-iptables} (unless interception is
 * {@code NONE}), and the {@code istio-proxy} container running upstream pilot-agent and Envoy
 * ({@code proxy sidecar}) with the environment, probes, security context and volumes pilot-agent
 * expects. With native sidecars istio-proxy is an init container with {@code restartPolicy:
 * Always}, a startup probe and a drain on {@code preStop}.
 */
final class SidecarTemplate implements InjectionTemplate {
  static final String NAME = "sidecar";
  static final String PROXY = "istio-proxy";
  static final String INIT = "istio-init";
  static final int READINESS_PORT = 15021;
  static final int ENVOY_PROMETHEUS_PORT = 15090;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean envoy() {
    return true;
  }

  @Override
  public Added apply(Pod pod, List<String> appContainers, PodOptions o, InjectionSettings s) {
    PodMetadata.labels(pod.getMetadata()).putIfAbsent(IstioAnnotations.TLS_MODE_LABEL, "istio");
    PodMetadata.canonicalLabels(pod.getMetadata(), o.owner());
    PodMetadata.annotations(pod.getMetadata(), appContainers, s.istiod().revision());
    List<String> inits = new ArrayList<>();
    if (!o.interceptionMode().equals("NONE")) {
      pod.getSpec().getInitContainers().add(init(o, s));
      inits.add(INIT);
    }
    Container proxy = proxy(pod, appContainers, o, s);
    List<String> containers = new ArrayList<>();
    if (o.nativeSidecar()) {
      pod.getSpec().getInitContainers().add(proxy);
      inits.add(PROXY);
    } else {
      pod.getSpec().getContainers().add(proxy);
      containers.add(PROXY);
    }
    List<Volume> volumes = List.of(IstioVolumes.emptyDir(IstioVolumes.WORKLOAD_SOCKET),
        IstioVolumes.emptyDir(IstioVolumes.CREDENTIAL_SOCKET), IstioVolumes.emptyDir(IstioVolumes.WORKLOAD_CERTS),
        IstioVolumes.memoryDir(IstioVolumes.ISTIO_ENVOY), IstioVolumes.emptyDir(IstioVolumes.ISTIO_DATA),
        IstioVolumes.podInfo(), IstioVolumes.token(), IstioVolumes.caCert());
    pod.getSpec().getVolumes().addAll(volumes);
    return new Added(inits, containers, volumes.stream().map(Volume::getName).toList());
  }

  private static Container init(PodOptions o, InjectionSettings s) {
    List<String> args = new ArrayList<>(List.of("istio-iptables",
        "-p", o.proxyConfig().path("proxyListenPort").asText("15001"),
        "-z", o.proxyConfig().path("proxyInboundListenPort").asText("15006"),
        "-u", "1337",
        "-m", o.interceptionMode(),
        "-i", o.annotation(IstioAnnotations.INCLUDE_OUTBOUND_IP_RANGES, s.proxy().includeOutboundIpRanges()),
        "-x", o.annotation(IstioAnnotations.EXCLUDE_OUTBOUND_IP_RANGES, s.proxy().excludeOutboundIpRanges()),
        "-b", o.annotation(IstioAnnotations.INCLUDE_INBOUND_PORTS, s.proxy().includeInboundPorts()),
        "-d", ENVOY_PROMETHEUS_PORT + "," + READINESS_PORT + excludedInbound(o, s)));
    String includeOut = o.annotation(IstioAnnotations.INCLUDE_OUTBOUND_PORTS, s.proxy().includeOutboundPorts());
    if (!includeOut.isEmpty()) {
      args.addAll(List.of("-q", includeOut));
    }
    String excludeOut = o.annotation(IstioAnnotations.EXCLUDE_OUTBOUND_PORTS, s.proxy().excludeOutboundPorts());
    if (!excludeOut.isEmpty()) {
      args.addAll(List.of("-o", excludeOut));
    }
    String virtual = o.annotation(IstioAnnotations.REROUTE_VIRTUAL_INTERFACES,
        o.annotation(IstioAnnotations.KUBEVIRT_INTERFACES, ""));
    if (!virtual.isEmpty()) {
      args.addAll(List.of("-k", virtual));
    }
    String excludeInterfaces = o.annotation(IstioAnnotations.EXCLUDE_INTERFACES, "");
    if (!excludeInterfaces.isEmpty()) {
      args.addAll(List.of("-c", excludeInterfaces));
    }
    args.add("--log_output_level=" + o.agentLogLevel());
    ContainerBuilder c = new ContainerBuilder().withName(INIT).withImage(o.proxyImage()).withArgs(args)
        .withImagePullPolicy(s.imagePullPolicy())
        .withResources(o.resources())
        .withSecurityContext(new SecurityContextBuilder().withAllowPrivilegeEscalation(false).withPrivileged(false)
            .withNewCapabilities().withAdd("NET_ADMIN", "NET_RAW").withDrop("ALL").endCapabilities()
            .withReadOnlyRootFilesystem(false).withRunAsGroup(0L).withRunAsNonRoot(false).withRunAsUser(0L).build());
    o.proxyMetadata().forEach((k, v) -> c.addToEnv(ProxyEnvironment.value(k, v)));
    return c.build();
  }

  /** {@code ,STATUS_PORT[,excluded…]}: the user's excluded inbound ports with the status port, as Istio's excludeInboundPort. */
  private static String excludedInbound(PodOptions o, InjectionSettings s) {
    String excluded = o.annotation(IstioAnnotations.EXCLUDE_INBOUND_PORTS, s.proxy().excludeInboundPorts()).trim();
    String status = String.valueOf(o.statusPort());
    if (o.statusPort() == 0) {
      return excluded.isEmpty() ? "" : "," + excluded;
    }
    List<String> ports = new ArrayList<>();
    for (String p : excluded.split(",")) {
      if (!p.isBlank()) {
        ports.add(p.trim());
      }
    }
    if (!ports.contains(status)) {
      ports.add(status);
    }
    return "," + String.join(",", ports);
  }

  private static Container proxy(Pod pod, List<String> appContainers, PodOptions o, InjectionSettings s) {
    ContainerBuilder c = new ContainerBuilder().withName(PROXY).withImage(o.proxyImage())
        .addNewPort().withContainerPort(ENVOY_PROMETHEUS_PORT).withProtocol("TCP").withName("http-envoy-prom").endPort()
        .withArgs("proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc." + s.clusterDomain(),
            "--proxyLogLevel=" + o.logLevel(), "--proxyComponentLogLevel=" + o.componentLogLevel(),
            "--log_output_level=" + o.agentLogLevel())
        .withEnv(ProxyEnvironment.pilotAgent(pod, appContainers, o, s))
        .withImagePullPolicy(s.imagePullPolicy())
        .withResources(o.resources())
        .withSecurityContext(proxySecurity(o))
        .withVolumeMounts(
            IstioVolumes.mount(IstioVolumes.WORKLOAD_SOCKET, "/var/run/secrets/workload-spiffe-uds"),
            IstioVolumes.mount(IstioVolumes.CREDENTIAL_SOCKET, "/var/run/secrets/credential-uds"),
            IstioVolumes.mount(IstioVolumes.WORKLOAD_CERTS, "/var/run/secrets/workload-spiffe-credentials"),
            IstioVolumes.mount(IstioVolumes.ISTIOD_CA_CERT, IstioVolumes.CA_CERT_DIR),
            IstioVolumes.mount(IstioVolumes.ISTIO_DATA, IstioVolumes.DATA_DIR),
            IstioVolumes.mount(IstioVolumes.ISTIO_ENVOY, IstioVolumes.PROXY_DIR),
            IstioVolumes.mount(IstioVolumes.ISTIO_TOKEN, IstioVolumes.TOKEN_DIR),
            IstioVolumes.mount(IstioVolumes.ISTIO_PODINFO, IstioVolumes.PODINFO_DIR));
    if (o.nativeSidecar()) {
      c.withRestartPolicy("Always");
    }
    if (o.holdApplication()) {
      c.withNewLifecycle().withNewPostStart().withNewExec().withCommand("pilot-agent", "wait").endExec().endPostStart()
          .endLifecycle();
    } else if (o.nativeSidecar()) {
      // The pod is shutting down: start draining; SIGTERM follows once the applications have stopped.
      c.withNewLifecycle().withNewPreStop().withNewExec().withCommand("pilot-agent", "request",
          "--debug-port=" + o.statusPort(), "POST", "drain").endExec().endPreStop().endLifecycle();
    }
    if (o.statusPort() != 0) {
      c.withStartupProbe(healthz(0, 1, 600));
      c.withReadinessProbe(healthz(o.readinessInitialDelay(), o.readinessPeriod(), o.readinessFailureThreshold()));
    }
    return c.build();
  }

  private static Probe healthz(int initialDelay, int period, int failureThreshold) {
    return new ProbeBuilder().withNewHttpGet().withPath("/healthz/ready").withPort(new IntOrString(READINESS_PORT))
        .endHttpGet().withInitialDelaySeconds(initialDelay).withPeriodSeconds(period).withTimeoutSeconds(3)
        .withFailureThreshold(failureThreshold).build();
  }

  // TPROXY needs NET_ADMIN and root in the proxy; REDIRECT runs it as 1337 with nothing extra.
  private static SecurityContext proxySecurity(PodOptions o) {
    SecurityContextBuilder b = new SecurityContextBuilder().withAllowPrivilegeEscalation(false).withPrivileged(false)
        .withReadOnlyRootFilesystem(true).withRunAsGroup(1337L);
    if (o.tproxy()) {
      b.withNewCapabilities().withAdd("NET_ADMIN").withDrop("ALL").endCapabilities()
          .withRunAsNonRoot(false).withRunAsUser(0L);
    } else {
      b.withNewCapabilities().withDrop("ALL").endCapabilities().withRunAsNonRoot(true).withRunAsUser(1337L);
    }
    return b.build();
  }
}

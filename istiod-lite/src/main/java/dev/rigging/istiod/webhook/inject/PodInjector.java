package dev.rigging.istiod.webhook.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code PodInjector} injects one pod as istiod's injector does and returns the JSON patch from the
 * pod as admitted to the injected pod: policy check, annotation validation, removal of an earlier
 * injection, the template ({@code sidecar} or {@code grpc-agent}), then Istio's post-processing —
 * metrics merge, probe rewriting, container order, and the {@code sidecar.istio.io/status}
 * annotation. A pure function of the pod and the current {@link InjectionSettings}.
 */
public final class PodInjector {
  private static final KubernetesSerialization KUBE = new KubernetesSerialization();
  private static final EnumSet<DiffFlags> DIFF = EnumSet.of(DiffFlags.OMIT_VALUE_ON_REMOVE,
      DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION);
  private static final Map<String, InjectionTemplate> TEMPLATES = new LinkedHashMap<>();

  static {
    TEMPLATES.put(GrpcAgentTemplate.NAME, new GrpcAgentTemplate());
    TEMPLATES.put(SidecarTemplate.NAME, new SidecarTemplate());
  }

  private final Supplier<InjectionSettings> settings;

  public PodInjector(Supplier<InjectionSettings> settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Injects {@code raw}, a Pod as the API server sent it.
   *
   * @param requestNamespace the admission request's namespace (a new pod's metadata may not carry one)
   */
  public InjectionOutcome inject(JsonNode raw, String requestNamespace) {
    Pod pod;
    try {
      pod = KUBE.convertValue(raw, Pod.class);
    } catch (IllegalArgumentException e) {
      return new InjectionOutcome.Failed("the object is not a Pod: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (pod.getMetadata() == null || pod.getSpec() == null || pod.getSpec().getContainers() == null) {
      return new InjectionOutcome.Failed("the Pod has no metadata or no spec.containers");
    }
    normalise(pod);
    String namespace = pod.getMetadata().getNamespace() != null && !pod.getMetadata().getNamespace().isEmpty()
        ? pod.getMetadata().getNamespace() : requestNamespace;
    String skip = InjectionPolicy.skipReason(pod, namespace);
    if (skip != null) {
      return new InjectionOutcome.Skipped(skip, false);
    }
    var previous = InjectionStatus.of(pod);
    if (previous.isEmpty() && (has(pod.getSpec().getContainers(), SidecarTemplate.PROXY)
        || has(pod.getSpec().getInitContainers(), SidecarTemplate.PROXY))) {
      return new InjectionOutcome.Skipped("the pod declares its own istio-proxy container; istiod-lite does not merge "
          + "injection customizations, so the pod was not injected", true);
    }
    List<String> problems = AnnotationChecks.problems(pod.getMetadata().getAnnotations());
    if (!problems.isEmpty()) {
      return new InjectionOutcome.Failed("injection failed: " + String.join("; ", problems));
    }
    InjectionTemplate template;
    PodOptions options;
    InjectionSettings s = settings.get();
    try {
      template = template(pod.getMetadata().getAnnotations().get(IstioAnnotations.TEMPLATES));
      options = PodOptions.of(pod, namespace, s);
    } catch (UnknownTemplateException | ProxyConfigs.InvalidProxyConfigException e) {
      return new InjectionOutcome.Failed("injection failed: " + e.getMessage());
    }
    previous.ifPresent(p -> p.strip(pod, options.statusPort()));
    List<String> apps = pod.getSpec().getContainers().stream().map(Container::getName).toList();
    InjectionTemplate.Added added = template.apply(pod, apps, options, s);
    if (template.envoy()) {
      postProcess(pod, options);
    }
    ContainerOrder.apply(pod, options.holdApplication());
    pod.getMetadata().getAnnotations().put(IstioAnnotations.STATUS, new InjectionStatus(added.initContainers(),
        added.containers(), added.volumes(), s.istiod().revision()).toJson());
    JsonNode after = KUBE.convertValue(pod, JsonNode.class);
    // The patch is computed against the object exactly as the API server sent it: that is what it
    // applies the patch to, so every path in it exists there.
    return new InjectionOutcome.Injected((ArrayNode) JsonDiff.asJson(raw, after, DIFF), template.name());
  }

  private static void postProcess(Pod pod, PodOptions o) {
    Container proxy = find(pod, SidecarTemplate.PROXY);
    if (o.prometheusMerge()) {
      String scrape = PrometheusMerge.apply(pod, o.statusPort());
      if (scrape != null) {
        proxy.getEnv().add(ProxyEnvironment.value(PrometheusMerge.ENV, scrape));
      }
    }
    if (o.rewriteProbes()) {
      var probers = ProbeRewriter.rewrite(pod, o.statusPort(), List.of(SidecarTemplate.PROXY, SidecarTemplate.INIT));
      if (!probers.isEmpty()) {
        proxy.getEnv().add(ProxyEnvironment.value(ProbeRewriter.PROBERS_ENV, ProbeRewriter.env(probers)));
      }
    }
  }

  /** Thrown for an {@code inject.istio.io/templates} value this injector has no template for. */
  static final class UnknownTemplateException extends Exception {
    UnknownTemplateException(String message) {
      super(message);
    }
  }

  static InjectionTemplate template(String annotation) throws UnknownTemplateException {
    if (annotation == null || annotation.isBlank()) {
      return TEMPLATES.get(SidecarTemplate.NAME);
    }
    List<String> names = new ArrayList<>();
    for (String n : annotation.split(",")) {
      if (!n.isBlank()) {
        names.add(n.trim());
      }
    }
    for (String n : names) {
      if (!TEMPLATES.containsKey(n)) {
        throw new UnknownTemplateException("requested template \"" + n + "\" not found; have "
            + String.join(", ", TEMPLATES.keySet()));
      }
    }
    if (names.size() != 1) {
      throw new UnknownTemplateException("annotation " + IstioAnnotations.TEMPLATES + "=\"" + annotation
          + "\": istiod-lite applies exactly one of " + String.join(", ", TEMPLATES.keySet()));
    }
    return TEMPLATES.get(names.get(0));
  }

  // The model leaves absent lists null or empty depending on the JSON; templates append to them.
  private static void normalise(Pod pod) {
    if (pod.getMetadata().getAnnotations() == null) {
      pod.getMetadata().setAnnotations(new LinkedHashMap<>());
    }
    if (pod.getMetadata().getLabels() == null) {
      pod.getMetadata().setLabels(new LinkedHashMap<>());
    }
    if (pod.getSpec().getInitContainers() == null) {
      pod.getSpec().setInitContainers(new ArrayList<>());
    }
    if (pod.getSpec().getVolumes() == null) {
      pod.getSpec().setVolumes(new ArrayList<>());
    }
    List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
    all.addAll(pod.getSpec().getInitContainers());
    for (Container c : all) {
      if (c.getEnv() == null) {
        c.setEnv(new ArrayList<>());
      }
      if (c.getVolumeMounts() == null) {
        c.setVolumeMounts(new ArrayList<>());
      }
    }
  }

  private static boolean has(List<Container> containers, String name) {
    return containers.stream().anyMatch(c -> c.getName().equals(name));
  }

  private static Container find(Pod pod, String name) {
    List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
    all.addAll(pod.getSpec().getInitContainers());
    return all.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }
}

package dev.rigging.lifecycle.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code SpecValidator} checks the values of a merged {@link InstallSpec} (the structure was
 * checked by {@link SpecReader}): enumerations, ranges and names. Each problem names the field
 * path and what would be valid.
 */
public final class SpecValidator {
  /** Istio's revision and tag syntax (a DNS label), short enough for {@code istiod-<rev>}. */
  public static final Pattern REVISION = Pattern.compile("[a-z0-9]([-a-z0-9]{0,54}[a-z0-9])?");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Set<String> TRAFFIC_POLICIES = Set.of("ALLOW_ANY", "REGISTRY_ONLY");
  private static final Set<String> SERVICE_TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer");
  private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
  private static final Set<String> TLS_VERSIONS = Set.of("TLS_AUTO", "TLSV1_2", "TLSV1_3");
  private static final Set<String> REINVOCATION = Set.of("Never", "IfNeeded");

  private SpecValidator() {}

  /** Every problem with {@code spec}; empty when it is valid. */
  public static List<String> problems(InstallSpec spec) {
    List<String> p = new ArrayList<>();
    if (!Profiles.NAMES.contains(spec.profile())) {
      p.add("profile: unknown profile \"" + spec.profile() + "\"; valid: " + String.join(", ", Profiles.NAMES));
    }
    if (!"std".equals(spec.flavour()) && !"fips".equals(spec.flavour())) {
      p.add("flavour: \"" + spec.flavour() + "\" is not a flavour; valid: std, fips");
    }
    if (!Cloud.AUTO.equals(spec.cloud()) && Cloud.find(spec.cloud()).isEmpty()) {
      p.add("cloud: unknown cloud \"" + spec.cloud() + "\"; valid: " + Cloud.AUTO + ", " + Cloud.ids());
    }
    if (spec.revision() == null || !REVISION.matcher(spec.revision()).matches()) {
      p.add("revision: \"" + spec.revision() + "\" is not a valid revision; use lowercase letters, digits and '-'"
          + " (at most 56, starting and ending with a letter or digit), e.g. 1-1-0 or canary");
    }
    meshConfig(spec.meshConfig(), p);
    pilot(spec.values().pilot(), p);
    global(spec.values().global(), p);
    String reinvocation = spec.values().sidecarInjectorWebhook().reinvocationPolicy();
    if (!REINVOCATION.contains(reinvocation)) {
      p.add("values.sidecarInjectorWebhook.reinvocationPolicy: \"" + reinvocation + "\"; valid: Never, IfNeeded");
    }
    gateways("components.ingressGateways", spec.components().ingressGateways(), p);
    gateways("components.egressGateways", spec.components().egressGateways(), p);
    return p;
  }

  private static void meshConfig(InstallSpec.MeshConfig mc, List<String> p) {
    String mode = mc.outboundTrafficPolicy() == null ? null : mc.outboundTrafficPolicy().mode();
    if (!TRAFFIC_POLICIES.contains(mode)) {
      p.add("meshConfig.outboundTrafficPolicy.mode: \"" + mode + "\"; valid: ALLOW_ANY, REGISTRY_ONLY");
    }
    if (mc.trustDomain() == null || mc.trustDomain().isBlank()) {
      p.add("meshConfig.trustDomain: must not be empty (Istio's default is cluster.local)");
    }
    if (mc.tlsDefaults() != null && mc.tlsDefaults().minProtocolVersion() != null
        && !TLS_VERSIONS.contains(mc.tlsDefaults().minProtocolVersion())) {
      p.add("meshConfig.tlsDefaults.minProtocolVersion: \"" + mc.tlsDefaults().minProtocolVersion()
          + "\"; valid: TLS_AUTO, TLSV1_2, TLSV1_3");
    }
  }

  private static void pilot(InstallSpec.Pilot pilot, List<String> p) {
    if (pilot.replicaCount() == null || pilot.replicaCount() < 1) {
      p.add("values.pilot.replicaCount: must be at least 1, got " + pilot.replicaCount());
    }
    if (pilot.autoscaleMin() == null || pilot.autoscaleMax() == null || pilot.autoscaleMin() < 1
        || pilot.autoscaleMin() > pilot.autoscaleMax()) {
      p.add("values.pilot.autoscaleMin/autoscaleMax: need 1 <= autoscaleMin <= autoscaleMax, got "
          + pilot.autoscaleMin() + " and " + pilot.autoscaleMax());
    }
    Integer cpu = pilot.cpu() == null ? null : pilot.cpu().targetAverageUtilization();
    if (cpu == null || cpu < 1 || cpu > 100) {
      p.add("values.pilot.cpu.targetAverageUtilization: must be 1 to 100, got " + cpu);
    }
  }

  private static void global(InstallSpec.Global g, List<String> p) {
    LogLevels.problem(g.logging() == null ? null : g.logging().level()).ifPresent(p::add);
    if (!PULL_POLICIES.contains(g.imagePullPolicy())) {
      p.add("values.global.imagePullPolicy: \"" + g.imagePullPolicy() + "\"; valid: Always, IfNotPresent, Never");
    }
  }

  private static void gateways(String field, List<InstallSpec.Gateway> gws, List<String> p) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < gws.size(); i++) {
      InstallSpec.Gateway g = gws.get(i);
      String at = field + "[" + i + "]";
      if (g.name() == null || !DNS_LABEL.matcher(g.name()).matches()) {
        p.add(at + ".name: \"" + g.name() + "\" is not a valid name (a DNS label such as istio-ingressgateway)");
      } else if (!names.add(g.name())) {
        p.add(at + ".name: duplicate gateway name \"" + g.name() + "\"");
      }
      if (g.k8s() == null) {
        p.add(at + ".k8s: required (replicaCount, service, resources, hpaSpec)");
        continue;
      }
      String type = g.k8s().service() == null ? null : g.k8s().service().type();
      if (!SERVICE_TYPES.contains(type)) {
        p.add(at + ".k8s.service.type: \"" + type + "\"; valid: ClusterIP, NodePort, LoadBalancer");
      }
      InstallSpec.HpaSpec hpa = g.k8s().hpaSpec();
      if (hpa == null || hpa.minReplicas() == null || hpa.maxReplicas() == null || hpa.minReplicas() < 1
          || hpa.minReplicas() > hpa.maxReplicas()) {
        p.add(at + ".k8s.hpaSpec: need 1 <= minReplicas <= maxReplicas");
      }
      if (g.k8s().replicaCount() == null || g.k8s().replicaCount() < 1) {
        p.add(at + ".k8s.replicaCount: must be at least 1");
      }
    }
  }
}

package dev.rigging.lifecycle.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * {@code InstallSpec} is what to install, in the shape of istioctl's {@code IstioOperator.spec} so
 * that {@code -f} files and {@code --set} paths read as istioctl users expect
 * ({@code --set values.pilot.replicaCount=2}, {@code --set meshConfig.accessLogFile=/dev/stdout},
 * {@code --set components.ingressGateways[0].enabled=false}). rig adds {@code version},
 * {@code flavour} and {@code cloud}. Every field is optional in an overlay; the merged spec (profile
 * ← cloud overlay ← files ← sets) is complete because {@code profiles/default.yaml} sets them all.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstallSpec(
    String profile,
    String version,
    String revision,
    String flavour,
    String cloud,
    MeshConfig meshConfig,
    Components components,
    Values values) {

  /** Istio MeshConfig fields rig renders into the mesh ConfigMap and istiod-lite's settings. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MeshConfig(
      String trustDomain,
      String accessLogFile,
      OutboundTrafficPolicy outboundTrafficPolicy,
      TlsDefaults tlsDefaults,
      Boolean enablePrometheusMerge) {}

  /** {@code ALLOW_ANY} or {@code REGISTRY_ONLY}. */
  public record OutboundTrafficPolicy(String mode) {}

  /** Mesh-wide TLS settings for Istio-originated TLS (the fips profile restricts them). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TlsDefaults(String minProtocolVersion, List<String> cipherSuites, List<String> ecdhCurves) {}

  /** Optional components. istiod is always installed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Components(List<Gateway> ingressGateways, List<Gateway> egressGateways) {}

  /** One gateway deployment. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Gateway(String name, Boolean enabled, GatewayK8s k8s) {}

  /** Kubernetes settings of a gateway. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GatewayK8s(
      Integer replicaCount,
      Service service,
      Map<String, String> serviceAnnotations,
      Resources resources,
      HpaSpec hpaSpec) {}

  /** Service settings. */
  public record Service(String type) {}

  /** Autoscaler bounds. */
  public record HpaSpec(Integer minReplicas, Integer maxReplicas) {}

  /** Container resources as Kubernetes quantities. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Resources(Map<String, String> requests, Map<String, String> limits) {}

  /** Helm-style values, as istioctl's {@code spec.values}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Values(Global global, Pilot pilot, SidecarInjectorWebhook sidecarInjectorWebhook) {}

  /** {@code values.global}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Global(
      Logging logging,
      String imagePullPolicy,
      String priorityClassName,
      Pdb defaultPodDisruptionBudget,
      Map<String, String> webhookLabels) {}

  /** istiod log levels, e.g. {@code default:info}. */
  public record Logging(String level) {}

  /** Whether PodDisruptionBudgets are rendered. */
  public record Pdb(Boolean enabled) {}

  /** {@code values.pilot}: the istiod-lite Deployment. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Pilot(
      Integer replicaCount,
      Boolean autoscaleEnabled,
      Integer autoscaleMin,
      Integer autoscaleMax,
      Cpu cpu,
      Resources resources,
      Map<String, String> env,
      Map<String, String> nodeSelector,
      Map<String, String> podAnnotations,
      Map<String, String> serviceAnnotations,
      String rollingMaxSurge,
      String rollingMaxUnavailable) {}

  /** HPA CPU target. */
  public record Cpu(Integer targetAverageUtilization) {}

  /** {@code values.sidecarInjectorWebhook}. */
  public record SidecarInjectorWebhook(String reinvocationPolicy) {}
}

package dev.rigging.lifecycle.render;

import java.util.Objects;

/**
 * {@code RevisionNames} gives the object names of one control-plane revision, following Istio:
 * revision {@code default} is unsuffixed ({@code istiod}, {@code istio-sidecar-injector}), any
 * other revision {@code R} is suffixed ({@code istiod-R}); names of cluster-scoped objects carry
 * the mesh namespace so that two meshes in one cluster do not collide.
 */
public record RevisionNames(String revision, String namespace) {
  public static final String DEFAULT_REVISION = "default";
  public static final String ISTIO_SYSTEM = "istio-system";

  public RevisionNames {
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(namespace, "namespace");
  }

  public boolean isDefault() {
    return DEFAULT_REVISION.equals(revision);
  }

  private String suffix() {
    return isDefault() ? "" : "-" + revision;
  }

  /** Istio appends the namespace to webhook names only outside {@code istio-system}. */
  private String webhookNamespaceSuffix() {
    return ISTIO_SYSTEM.equals(namespace) ? "" : "-" + namespace;
  }

  /** Deployment, Service, ServiceAccount, PDB, HPA and Role of istiod-lite. */
  public String istiod() {
    return "istiod" + suffix();
  }

  public String injectorWebhook() {
    return "istio-sidecar-injector" + suffix() + webhookNamespaceSuffix();
  }

  public String validatorWebhook() {
    return "istio-validator" + suffix() + "-" + namespace;
  }

  /** The mesh ConfigMap ({@code istio} or {@code istio-R}). */
  public String meshConfigMap() {
    return "istio" + suffix();
  }

  /** The injector values ConfigMap. */
  public String injectorConfigMap() {
    return "istio-sidecar-injector" + suffix();
  }

  public String clusterRole() {
    return "istiod-clusterrole" + suffix() + "-" + namespace;
  }

  /** The ClusterRole that lets this revision patch the caBundle of exactly the webhooks that point at it. */
  public String webhookClusterRole() {
    return "istiod-webhooks" + suffix() + "-" + namespace;
  }

  /** The ConfigMap in which rig records what it installed for this revision. */
  public String installedState() {
    return "rig-installed-state-" + revision;
  }

  /** The address proxies use for xDS and certificates (TLS, port 15012). */
  public String discoveryAddress() {
    return istiod() + "." + namespace + ".svc:15012";
  }

  /** The tag webhook name of {@code tag} in {@code namespace}. */
  public static String tagWebhook(String tag, String namespace) {
    return "istio-revision-tag-" + tag + (ISTIO_SYSTEM.equals(namespace) ? "" : "-" + namespace);
  }

  /** The validating webhook that follows the {@code default} tag (Istio's base chart name). */
  public static String defaultValidator(String namespace) {
    return "istiod-default-validator" + (ISTIO_SYSTEM.equals(namespace) ? "" : "-" + namespace);
  }

  /** The revision whose istiod Service is named {@code service}, if it is an istiod name. */
  public static java.util.Optional<String> revisionOfService(String service) {
    if ("istiod".equals(service)) {
      return java.util.Optional.of(DEFAULT_REVISION);
    }
    return service.startsWith("istiod-") ? java.util.Optional.of(service.substring("istiod-".length()))
        : java.util.Optional.empty();
  }
}

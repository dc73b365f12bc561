package dev.rigging.istiod.app;

import java.util.Objects;

/**
 * {@code IstiodNames} spells the names of one istiod-lite revision the way Istio (and rig, which
 * renders them) does: revision {@code default} is unsuffixed ({@code istiod},
 * {@code istio-sidecar-injector}), any other revision {@code R} is suffixed ({@code istiod-R}).
 *
 * @param revision {@code istio.io/rev} of this control plane
 * @param namespace the namespace it runs in (the CA's namespace)
 */
public record IstiodNames(String revision, String namespace) {
  public static final String DEFAULT_REVISION = "default";

  public IstiodNames {
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(namespace, "namespace");
  }

  public boolean isDefault() {
    return DEFAULT_REVISION.equals(revision);
  }

  private String suffix() {
    return isDefault() ? "" : "-" + revision;
  }

  /** The Service the webhooks call and proxies dial: {@code istiod[-REV]}. */
  public String service() {
    return "istiod" + suffix();
  }

  /** {@code istiod[-REV].NAMESPACE.svc}, the host name in the serving certificate. */
  public String host() {
    return service() + "." + namespace + ".svc";
  }

  /** Where proxies get certificates and xDS over TLS: {@code istiod[-REV].NAMESPACE.svc:15012}. */
  public String caAddress() {
    return host() + ":15012";
  }

  /** Plaintext xDS: {@code istiod[-REV].NAMESPACE.svc:15010}. */
  public String plaintextXdsAddress() {
    return host() + ":15010";
  }

  /** The mesh ConfigMap, {@code istio[-REV]}. */
  public String meshConfigMap() {
    return "istio" + suffix();
  }

  /** The injector ConfigMap, {@code istio-sidecar-injector[-REV]}. */
  public String injectorConfigMap() {
    return "istio-sidecar-injector" + suffix();
  }
}

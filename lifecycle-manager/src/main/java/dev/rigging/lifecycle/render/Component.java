package dev.rigging.lifecycle.render;

/**
 * {@code Component} groups rendered objects the way istioctl reports progress ("Istio core",
 * "Istiod", "Ingress gateways", "Egress gateways"); {@code id} is Istio's
 * {@code operator.istio.io/component} label value.
 */
public enum Component {
  BASE("Base", "Istio core"),
  PILOT("Pilot", "Istiod"),
  WEBHOOKS("Webhooks", "Webhooks"),
  INGRESS("IngressGateways", "Ingress gateways"),
  EGRESS("EgressGateways", "Egress gateways");

  private final String id;
  private final String title;

  Component(String id, String title) {
    this.id = id;
    this.title = title;
  }

  public String id() {
    return id;
  }

  /** What progress lines call it. */
  public String title() {
    return title;
  }
}

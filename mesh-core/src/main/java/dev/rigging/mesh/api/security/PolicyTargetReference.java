package dev.rigging.mesh.api.security;

/**
 * {@code PolicyTargetReference} names the resource a policy attaches to instead of selecting
 * workloads by label: Istio's {@code istio.type.v1beta1.PolicyTargetReference} (a Kubernetes
 * Gateway, GatewayClass, Service or ServiceEntry in the policy's namespace).
 *
 * @param group API group of the target; empty for the core group (Service)
 * @param kind kind of the target, e.g. {@code Gateway}
 * @param name name of the target
 * @param namespace must stay empty: Istio does not support cross-namespace references
 */
public record PolicyTargetReference(String group, String kind, String name, String namespace) {

  /** The group, with {@code ""} for an absent one. */
  public String groupOrEmpty() {
    return group == null ? "" : group;
  }
}

package dev.rigging.istiod.dataplane;

import java.util.Map;

/**
 * {@code RbacMeshResource} is the mutual TLS mesh of {@link MtlsMeshResource} (STRICT in namespace
 * {@code shop}, certificates from istiod-lite's CA) with an AuthorizationPolicy on the greeter in
 * {@code allow.yaml}: only {@code shop/frontend} may call {@code /reviews.Reviews/GetReview}. Tests
 * rewrite or add policy files while the workloads run.
 */
public class RbacMeshResource extends MtlsMeshResource {
  /** The greeter's base policy, as {@code allow.yaml} holds it at start. */
  public static final String ALLOW = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: greeter-allow, namespace: shop}
      spec:
        selector: {matchLabels: {app: greeter}}
        action: ALLOW
        rules:
        - from: [{source: {principals: [cluster.local/ns/shop/sa/frontend]}}]
          to: [{operation: {paths: [/reviews.Reviews/GetReview]}}]
      """;

  @Override
  protected Map<String, String> extraFiles() {
    return Map.of("allow.yaml", ALLOW);
  }
}

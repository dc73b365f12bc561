package dev.rigging.istiod.model;

/** {@code ProxyType} is what kind of data plane connected, decided from the node id and metadata. */
public enum ProxyType {
  /** An Envoy sidecar ({@code sidecar~…} node id). */
  SIDECAR,
  /** An Envoy gateway ({@code router~…} node id). */
  ROUTER,
  /** A proxyless gRPC application (node metadata {@code GENERATOR=grpc}). */
  PROXYLESS
}

package dev.rigging.lifecycle.analyze;

/**
 * {@code MessageType} is the closed set of findings rig reports from {@code analyze} and
 * {@code precheck}. Where Istio has a message for the same meaning rig uses Istio's code and name
 * (IST…), so that suppressions and runbooks carry over; rig's own findings use RIG… codes.
 */
public enum MessageType {
  REFERENCED_RESOURCE_NOT_FOUND("IST0101", "ReferencedResourceNotFound", Level.ERROR),
  NAMESPACE_NOT_INJECTED("IST0102", "NamespaceNotInjected", Level.INFO),
  POD_MISSING_PROXY("IST0103", "PodMissingProxy", Level.WARNING),
  SCHEMA_VALIDATION_ERROR("IST0106", "SchemaValidationError", Level.ERROR),
  CONFLICTING_MESH_GATEWAY_VIRTUAL_SERVICE_HOSTS("IST0109", "ConflictingMeshGatewayVirtualServiceHosts", Level.ERROR),
  NAMESPACE_MULTIPLE_INJECTION_LABELS("IST0123", "NamespaceMultipleInjectionLabels", Level.WARNING),
  INVALID_WEBHOOK("IST0139", "InvalidWebhook", Level.ERROR),
  INSUFFICIENT_PERMISSIONS("IST0141", "InsufficientPermissions", Level.ERROR),
  UNSUPPORTED_KUBERNETES_VERSION("IST0142", "UnsupportedKubernetesVersion", Level.ERROR),
  UNKNOWN_KIND("RIG0001", "UnsupportedKind", Level.INFO),
  NAMESPACE_REVISION_NOT_FOUND("RIG0002", "NamespaceRevisionNotFound", Level.ERROR),
  UPSTREAM_ISTIO_DETECTED("RIG0003", "UpstreamIstioDetected", Level.WARNING),
  OBJECT_NOT_MANAGED_BY_RIG("RIG0004", "ObjectNotManagedByRig", Level.ERROR),
  INCOMPATIBLE_CRD_CHANGE("RIG0005", "IncompatibleCrdChange", Level.ERROR),
  CRD_STORAGE_VERSION_CHANGE("RIG0006", "CrdStorageVersionChange", Level.INFO),
  VERSION_END_OF_LIFE("RIG0007", "VersionEndOfLife", Level.WARNING),
  PRIVATE_CLUSTER_WEBHOOK_PORT("RIG0008", "PrivateClusterWebhookPort", Level.INFO),
  OBJECT_TAKEN_OVER("RIG0009", "ObjectTakenOver", Level.WARNING);

  private final String code;
  private final String displayName;
  private final Level level;

  MessageType(String code, String displayName, Level level) {
    this.code = code;
    this.displayName = displayName;
    this.level = level;
  }

  public String code() {
    return code;
  }

  public String displayName() {
    return displayName;
  }

  public Level level() {
    return level;
  }

  /** A message of this type about {@code resource} (e.g. {@code VirtualService shop/reviews}). */
  public Message on(String resource, String text) {
    return new Message(this, resource, text);
  }
}
